using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Serialization;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Writes a whole trace into MLflow's tables with the columns, tags and metadata an MLflow 3.6 server stores for a trace
/// that arrived over OTLP: timing and state from the root span, previews, <c>mlflow.traceInputs</c>/<c>mlflow.traceOutputs</c>,
/// <c>mlflow.traceName</c>, <c>mlflow.artifactLocation</c> and <c>mlflow.trace.spansLocation</c>.
/// </summary>
internal static class LocalTraceWriter
{
    private const string TraceInputsKey = "mlflow.traceInputs";
    private const string TraceOutputsKey = "mlflow.traceOutputs";
    private const int PreviewMaxLength = 1000;

    public static async Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string? artifactLocation, Trace trace, long nowMs,
        CancellationToken cancellationToken)
    {
        var traceId = trace.TraceId;
        var root = trace.RootSpan;
        var requestPreview = trace.Info.RequestPreview ?? Preview(root?.Inputs);
        var responsePreview = trace.Info.ResponsePreview ?? Preview(root?.Outputs);
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
            ("$requestPreview", requestPreview),
            ("$responsePreview", responsePreview)).ConfigureAwait(false);
        foreach (var table in new[] { "spans WHERE trace_id", "trace_tags WHERE request_id", "trace_request_metadata WHERE request_id" })
        {
            await LocalSql.ExecuteAsync(connection, transaction, $"DELETE FROM {table} = $id", cancellationToken, ("$id", traceId))
                .ConfigureAwait(false);
        }

        foreach (var span in trace.Spans)
        {
            await InsertSpanAsync(connection, transaction, experimentId, traceId, span, cancellationToken).ConfigureAwait(false);
        }

        var tags = new Dictionary<string, string>(trace.Info.Tags, StringComparer.Ordinal)
        {
            ["mlflow.artifactLocation"] = $"{artifactLocation}/traces/{traceId}/artifacts",
            ["mlflow.trace.spansLocation"] = "TRACKING_STORE",
        };
        AddMissing(tags, "mlflow.traceName", root?.Name);
        var metadata = new Dictionary<string, string>(trace.Info.Metadata, StringComparer.Ordinal);
        AddMissing(metadata, "mlflow.trace_schema.version", "3");
        AddMissing(metadata, TraceInputsKey, requestPreview);
        AddMissing(metadata, TraceOutputsKey, responsePreview);
        await InsertKeyValuesAsync(connection, transaction, "trace_tags", traceId, tags, cancellationToken).ConfigureAwait(false);
        await InsertKeyValuesAsync(connection, transaction, "trace_request_metadata", traceId, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A preview as MLflow makes it: the JSON text, cut to 1000 characters ending in <c>...</c>.</summary>
    private static string? Preview(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = PythonJsonText.Write(value, ensureAscii: false);
        return text.Length <= PreviewMaxLength ? text : text[..(PreviewMaxLength - 3)] + "...";
    }

    private static long? ExecutionTimeMs(Trace trace) =>
        trace.Info.ExecutionDuration is { } duration ? (long)duration.TotalMilliseconds
        : trace.RootSpan is { EndTimeUnixNano: { } end } root ? (end - root.StartTimeUnixNano) / 1_000_000
        : null;

    private static void AddMissing(Dictionary<string, string> map, string key, string? value)
    {
        if (value is not null)
        {
            map.TryAdd(key, value);
        }
    }

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
        SqliteConnection connection, SqliteTransaction transaction, string table, string traceId, Dictionary<string, string> entries,
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
