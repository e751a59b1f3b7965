using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MlflowScorers.Stores.MlflowServer.Wire;
using MlflowScorers.Traces;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Reads the trace replies: TraceInfoV3 objects, and get/batchGet traces whose spans <see cref="TraceJsonParser"/> decodes.</summary>
internal static class TraceWireMapper
{
    private static readonly MlflowServerJsonContext s_json = MlflowServerJsonContext.Default;

    public static TraceInfo ToModel(TraceInfoDto dto, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(dto);
        var traceId = WireMapper.Required(dto.TraceId, "trace_id", endpoint);
        return new TraceInfo
        {
            TraceId = traceId,
            ExperimentId = dto.TraceLocation?.MlflowExperiment?.ExperimentId,
            RequestTime = WireTime.ParseTimestamp(dto.RequestTime, "request_time", endpoint),
            ExecutionDuration = WireTime.ParseDuration(dto.ExecutionDuration, "execution_duration", endpoint),
            State = dto.State,
            RequestPreview = dto.RequestPreview,
            ResponsePreview = dto.ResponsePreview,
            Metadata = new Dictionary<string, string>(dto.TraceMetadata ?? [], StringComparer.Ordinal),
            Tags = new Dictionary<string, string>(dto.Tags ?? [], StringComparer.Ordinal),
            Assessments = (dto.Assessments ?? [])
                .Select(a => AssessmentWireMapper.ToModel(a, traceId, endpoint))
                .OfType<Assessment>()
                .ToArray(),
        };
    }

    /// <summary>Reads <c>{"trace": {"trace_info", "spans"}}</c>; the info alone when the reply has no spans.</summary>
    public static Trace ReadGetReply(JsonElement reply, string endpoint) =>
        reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("trace", out var trace)
            ? ReadTrace(trace, endpoint)
            : throw new MlflowException($"The server's reply to {endpoint} lacks the required field 'trace'.");

    /// <summary>Reads <c>{"traces": [...]}</c>; an empty object means none of the traces has spans.</summary>
    public static IReadOnlyList<Trace> ReadBatchGetReply(JsonElement reply, string endpoint) =>
        reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("traces", out var traces) && traces.ValueKind == JsonValueKind.Array
            ? traces.EnumerateArray().Select(t => ReadTrace(t, endpoint)).ToArray()
            : [];

    private static Trace ReadTrace(JsonElement trace, string endpoint)
    {
        if (trace.ValueKind != JsonValueKind.Object || !trace.TryGetProperty("trace_info", out var infoElement))
        {
            throw new MlflowException($"The server's reply to {endpoint} has a trace without 'trace_info'.");
        }

        try
        {
            var info = infoElement.Deserialize(s_json.TraceInfoDto)
                ?? throw new MlflowException($"The server's reply to {endpoint} has a null 'trace_info'.");
            return new Trace { Info = ToModel(info, endpoint), Spans = TraceJsonParser.ParseTrace(trace).Spans };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new MlflowException($"The trace in the server's reply to {endpoint} could not be read: {ex.Message}", ex);
        }
    }
}
