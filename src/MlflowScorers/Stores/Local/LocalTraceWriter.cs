using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Traces;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Writes a whole trace into MLflow's tables with the columns, tags and metadata an MLflow 3.6 server stores for a trace
/// that arrived over OTLP: timing and state from the root span, the previews and metadata of <see cref="TraceInfoBuilder"/>,
/// <c>mlflow.artifactLocation</c> and <c>mlflow.trace.spansLocation</c>.
/// </summary>
internal static class LocalTraceWriter
{
    public static async Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string? artifactLocation, Trace trace, long nowMs,
        CancellationToken cancellationToken)
    {
        var traceId = trace.TraceId;
        var root = trace.RootSpan;
        var info = TraceInfoBuilder.Complete(trace.Info, trace.Spans);
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO trace_info (" + LocalTraceRow.Columns + ") VALUES ($id, $experimentId, $timestamp, $duration, $status, NULL, "
                + "$requestPreview, $responsePreview) ON CONFLICT (request_id) DO UPDATE SET experiment_id = excluded.experiment_id, "
                + "timestamp_ms = excluded.timestamp_ms, execution_time_ms = excluded.execution_time_ms, status = excluded.status, "
                + "request_preview = excluded.request_preview, response_preview = excluded.response_preview",
            cancellationToken,
            ("$id", traceId),
            ("$experimentId", experimentId),
            ("$timestamp", trace.Info.RequestTime?.ToUnixTimeMilliseconds() ?? (root is null ? nowMs : root.StartTimeUnixNano / 1_000_000)),
            ("$duration", ExecutionTimeMs(trace)),
            ("$status", trace.Info.State ?? (LocalSpanContent.StatusColumn(root?.StatusCode) == "ERROR" ? "ERROR" : "OK")),
            ("$requestPreview", info.RequestPreview),
            ("$responsePreview", info.ResponsePreview)).ConfigureAwait(false);
        foreach (var table in new[] { "spans WHERE trace_id", "trace_tags WHERE request_id", "trace_request_metadata WHERE request_id" })
        {
            await LocalSql.ExecuteAsync(connection, transaction, $"DELETE FROM {table} = $id", cancellationToken, ("$id", traceId))
                .ConfigureAwait(false);
        }

        foreach (var span in trace.Spans)
        {
            await InsertSpanAsync(connection, transaction, experimentId, traceId, span, cancellationToken).ConfigureAwait(false);
        }

        var tags = new Dictionary<string, string>(info.Tags, StringComparer.Ordinal)
        {
            ["mlflow.artifactLocation"] = $"{artifactLocation}/traces/{traceId}/artifacts",
            ["mlflow.trace.spansLocation"] = "TRACKING_STORE",
        };
        await InsertKeyValuesAsync(connection, transaction, "trace_tags", traceId, tags, cancellationToken).ConfigureAwait(false);
        await InsertKeyValuesAsync(connection, transaction, "trace_request_metadata", traceId, info.Metadata, cancellationToken)
            .ConfigureAwait(false);
    }

    private static long? ExecutionTimeMs(Trace trace) =>
        trace.Info.ExecutionDuration is { } duration ? (long)duration.TotalMilliseconds
        : trace.RootSpan is { EndTimeUnixNano: { } end } root ? (end - root.StartTimeUnixNano) / 1_000_000
        : null;

    private static async Task InsertSpanAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string traceId, Span span,
        CancellationToken cancellationToken) =>
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO spans (trace_id, experiment_id, span_id, parent_span_id, name, type, status, start_time_unix_nano, "
                + "end_time_unix_nano, content) VALUES ($traceId, $experimentId, $spanId, $parentId, $name, $type, $status, $start, $end, "
                + "$content)",
            cancellationToken,
            ("$traceId", traceId),
            ("$experimentId", experimentId),
            ("$spanId", LocalSpanContent.HexId(span.SpanId)),
            ("$parentId", span.ParentId is null ? null : LocalSpanContent.HexId(span.ParentId)),
            ("$name", span.Name),
            ("$type", span.SpanType.ToString()),
            ("$status", LocalSpanContent.StatusColumn(span.StatusCode)),
            ("$start", span.StartTimeUnixNano),
            ("$end", span.EndTimeUnixNano),
            ("$content", LocalSpanContent.Create(traceId, span))).ConfigureAwait(false);

    private static async Task InsertKeyValuesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string table, string traceId, IReadOnlyDictionary<string, string> entries,
        CancellationToken cancellationToken)
    {
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            await LocalSql.ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table} (\"key\", value, request_id) VALUES ($key, $value, $id)",
                cancellationToken,
                ("$key", key),
                ("$value", value),
                ("$id", traceId)).ConfigureAwait(false);
        }
    }
}
