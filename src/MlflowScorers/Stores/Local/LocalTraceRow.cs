using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>A <c>trace_info</c> row with its tags, metadata, assessments and (when a trace is read whole) its spans.</summary>
internal sealed record LocalTraceRow(
    string RequestId,
    long ExperimentId,
    long TimestampMs,
    long? ExecutionTimeMs,
    string Status,
    string? ClientRequestId,
    string? RequestPreview,
    string? ResponsePreview)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "request_id, experiment_id, timestamp_ms, execution_time_ms, status, client_request_id, request_preview, response_preview";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<LocalAssessmentRow> Assessments { get; init; } = [];

    public IReadOnlyList<LocalSpanRow> Spans { get; init; } = [];

    public static LocalTraceRow Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt64(3),
        reader.GetString(4),
        LocalSql.NullableString(reader, 5),
        LocalSql.NullableString(reader, 6),
        LocalSql.NullableString(reader, 7));

    /// <summary>The trace info as an MLflow server returns it.</summary>
    public TraceInfo ToTraceInfo() => new()
    {
        TraceId = RequestId,
        ExperimentId = ExperimentId.ToString(CultureInfo.InvariantCulture),
        RequestTime = DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs),
        ExecutionDuration = ExecutionTimeMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        State = Status,
        RequestPreview = RequestPreview,
        ResponsePreview = ResponsePreview,
        Metadata = Metadata,
        Tags = Tags,
        Assessments = Assessments.Select(a => a.Assessment).ToArray(),
    };
}
