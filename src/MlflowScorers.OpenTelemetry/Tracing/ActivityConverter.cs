using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Traces;

namespace MlflowScorers.Tracing;

/// <summary>Converts finished activities into MlflowScorers spans and whole traces, as an MLflow server would store them.</summary>
internal static class ActivityConverter
{
    /// <summary>The MLflow trace id of an activity: <c>tr-</c> and its 32-hex OTLP trace id.</summary>
    public static string TraceIdOf(Activity activity) => "tr-" + activity.TraceId.ToHexString();

    /// <summary>Whether the activity is a trace's root: it has no parent span.</summary>
    public static bool IsRoot(Activity activity) => activity.ParentSpanId == default;

    /// <summary>Converts one finished activity.</summary>
    public static Span ToSpan(Activity activity)
    {
        var attributes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in activity.TagObjects)
        {
            attributes[key] = value is string text && MlflowAttributes.IsJsonText(key) ? ParseJsonOrText(text) : ToJson(value);
        }

        var start = UnixNanos(activity.StartTimeUtc);
        return new Span
        {
            SpanId = activity.SpanId.ToHexString(),
            ParentId = IsRoot(activity) ? null : activity.ParentSpanId.ToHexString(),
            Name = activity.DisplayName,
            SpanType = attributes.GetValueOrDefault(MlflowAttributes.SpanType) is JsonValue type
                && type.TryGetValue<string>(out var typeText) && !string.IsNullOrWhiteSpace(typeText)
                ? new SpanType(typeText)
                : SpanType.Unknown,
            Inputs = attributes.GetValueOrDefault(MlflowAttributes.SpanInputs)?.DeepClone(),
            Outputs = attributes.GetValueOrDefault(MlflowAttributes.SpanOutputs)?.DeepClone(),
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + (activity.Duration.Ticks * 100),
            StatusCode = activity.Status switch
            {
                ActivityStatusCode.Ok => "STATUS_CODE_OK",
                ActivityStatusCode.Error => "STATUS_CODE_ERROR",
                _ => "STATUS_CODE_UNSET",
            },
            Attributes = attributes,
        };
    }

    /// <summary>Builds the trace of a finished root span and the spans recorded before it.</summary>
    public static Trace ToTrace(string experimentId, Activity root, IReadOnlyList<Span> spans) => new()
    {
        Info = TraceInfoBuilder.Complete(
            new TraceInfo
            {
                TraceId = TraceIdOf(root),
                ExperimentId = experimentId,
                RequestTime = new DateTimeOffset(root.StartTimeUtc, TimeSpan.Zero),
                ExecutionDuration = root.Duration,
                State = root.Status == ActivityStatusCode.Error ? "ERROR" : "OK",
                Metadata = TraceUpdate.Of(root)?.Metadata() ?? [],
                Tags = TraceUpdate.Of(root)?.Tags() ?? [],
            },
            spans),
        Spans = spans,
    };

    private static long UnixNanos(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int or long or short or byte or sbyte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        IEnumerable<KeyValuePair<string, object?>> entries => new JsonObject(entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToJson)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static JsonNode? ParseJsonOrText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
