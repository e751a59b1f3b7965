using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Hand-built traces for the local trace store tests.</summary>
internal static class LocalTraceSamples
{
    public static string TraceId(int n) => "tr-" + n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    public static Span Span(
        string spanId, string name, long startMs, long? durationMs, SpanType type, string? parentId = null, string statusCode = "STATUS_CODE_OK",
        JsonNode? inputs = null, JsonNode? outputs = null, IReadOnlyDictionary<string, JsonNode?>? attributes = null) => new()
        {
            SpanId = spanId,
            ParentId = parentId,
            Name = name,
            SpanType = type,
            StartTimeUnixNano = startMs * 1_000_000 + 123,
            EndTimeUnixNano = durationMs is { } ms ? (startMs + ms) * 1_000_000 + 456 : null,
            StatusCode = statusCode,
            Inputs = inputs,
            Outputs = outputs,
            Attributes = attributes ?? new Dictionary<string, JsonNode?>(),
        };

    public static Trace Trace(
        string traceId, IReadOnlyDictionary<string, string>? tags = null, IReadOnlyDictionary<string, string>? metadata = null,
        string? state = null, params Span[] spans) => new()
        {
            Info = new TraceInfo
            {
                TraceId = traceId,
                State = state,
                Tags = tags ?? new Dictionary<string, string>(),
                Metadata = metadata ?? new Dictionary<string, string>(),
            },
            Spans = spans,
        };
}
