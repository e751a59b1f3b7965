using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges.TraceAgent;

/// <summary>
/// What a trace-reading judge sees of a trace: its header, a one-line summary per span, and each span in full. Span ids are
/// the 16 hex characters the tools take back; times are Unix milliseconds in summaries and nanoseconds in full spans.
/// </summary>
internal static class TraceView
{
    private const string InputsKey = SpanAttributeKeys.SpanInputs;
    private const string OutputsKey = SpanAttributeKeys.SpanOutputs;

    /// <summary>The trace's header: id, timing, state, previews, metadata and tags (no spans and no assessments).</summary>
    public static JsonObject Info(Trace trace)
    {
        var info = trace.Info;
        return new JsonObject
        {
            ["trace_id"] = info.TraceId,
            ["experiment_id"] = info.ExperimentId,
            ["request_time"] = info.RequestTime?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["execution_duration_ms"] = info.ExecutionDuration is { } duration ? (long)duration.TotalMilliseconds : null,
            ["state"] = info.State,
            ["request_preview"] = info.RequestPreview,
            ["response_preview"] = info.ResponsePreview,
            ["span_count"] = trace.Spans.Count,
            ["trace_metadata"] = new JsonObject(info.Metadata.OrderBy(p => p.Key, System.StringComparer.Ordinal)
                .Select(p => System.Collections.Generic.KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["tags"] = new JsonObject(info.Tags.OrderBy(p => p.Key, System.StringComparer.Ordinal)
                .Select(p => System.Collections.Generic.KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
    }

    /// <summary>One span without its content: ids, name, type, timing, status and the names of its attributes.</summary>
    public static JsonObject Summary(Span span)
    {
        var startMs = span.StartTimeUnixNano / 1_000_000.0;
        double? endMs = span.EndTimeUnixNano is { } end ? end / 1_000_000.0 : null;
        return new JsonObject
        {
            ["span_id"] = span.SpanId,
            ["name"] = span.Name,
            ["span_type"] = span.SpanType.ToString(),
            ["parent_id"] = span.ParentId,
            ["is_root"] = span.ParentId is null,
            ["start_time_ms"] = startMs,
            ["end_time_ms"] = endMs,
            ["duration_ms"] = endMs - startMs,
            ["status"] = span.StatusCode,
            ["attribute_names"] = new JsonArray(span.Attributes.Keys.Order(System.StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
        };
    }

    /// <summary>
    /// One span in full: its summary fields, inputs and outputs, and its other attributes (all, or only the names given).
    /// </summary>
    public static JsonObject Full(Span span, System.Collections.Generic.IReadOnlyCollection<string>? attributesToFetch = null)
    {
        var attributes = new JsonObject();
        foreach (var (key, value) in span.Attributes.OrderBy(p => p.Key, System.StringComparer.Ordinal))
        {
            if (key is not (InputsKey or OutputsKey) && (attributesToFetch is null || attributesToFetch.Contains(key)))
            {
                attributes[key] = value?.DeepClone();
            }
        }

        return new JsonObject
        {
            ["span_id"] = span.SpanId,
            ["name"] = span.Name,
            ["span_type"] = span.SpanType.ToString(),
            ["parent_id"] = span.ParentId,
            ["start_time_unix_nano"] = span.StartTimeUnixNano,
            ["end_time_unix_nano"] = span.EndTimeUnixNano,
            ["status"] = span.StatusCode,
            ["inputs"] = (span.Inputs ?? span.Attributes.GetValueOrDefault(InputsKey))?.DeepClone(),
            ["outputs"] = (span.Outputs ?? span.Attributes.GetValueOrDefault(OutputsKey))?.DeepClone(),
            ["attributes"] = attributes,
        };
    }
}
