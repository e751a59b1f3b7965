using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Traces;

/// <summary>
/// Reads MLflow's trace JSON (the <c>traces/get</c> and <c>traces/batchGet</c> responses): OTLP-style spans whose attributes
/// are AnyValue objects, base64 span ids and nanosecond times; also MLflow's own span form with attribute dictionaries.
/// </summary>
internal static class TraceJsonParser
{
    private const string SpanTypeKey = SpanAttributeKeys.SpanType;
    private const string SpanInputsKey = SpanAttributeKeys.SpanInputs;
    private const string SpanOutputsKey = SpanAttributeKeys.SpanOutputs;

    /// <summary>Reads a <c>traces/get</c> response, <c>{"trace": {...}}</c>, or a bare trace object.</summary>
    public static Trace ParseGetResponse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return ParseTrace(root.TryGetProperty("trace", out var trace) ? trace : root);
    }

    /// <summary>Reads a <c>traces/batchGet</c> response, <c>{"traces": [...]}</c>; an empty object means no traces.</summary>
    public static IReadOnlyList<Trace> ParseBatchGetResponse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("traces", out var traces)
            ? traces.EnumerateArray().Select(ParseTrace).ToArray()
            : [];
    }

    /// <summary>Reads one trace object with <c>trace_info</c> and <c>spans</c>.</summary>
    public static Trace ParseTrace(JsonElement trace)
    {
        var info = trace.TryGetProperty("trace_info", out var infoElement) ? ParseInfo(infoElement) : throw new JsonException("The trace has no trace_info.");
        var spans = trace.TryGetProperty("spans", out var spansElement) && spansElement.ValueKind == JsonValueKind.Array
            ? spansElement.EnumerateArray().Select(ParseSpan).ToArray()
            : [];
        return new Trace { Info = info, Spans = spans };
    }

    /// <summary>Converts a span id to 16 lowercase hex characters: hex stays as it is, base64 is decoded.</summary>
    public static string? NormalizeSpanId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (id.Length == 16 && id.All(char.IsAsciiHexDigit))
        {
            return id.ToLowerInvariant();
        }

        return Convert.ToHexStringLower(Convert.FromBase64String(id));
    }

    /// <summary>Decodes an OTLP AnyValue; a string holding JSON text becomes the parsed JSON.</summary>
    public static JsonNode? DecodeAnyValue(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "string_value":
                case "stringValue":
                    return ParseJsonOrText(property.Value.GetString() ?? string.Empty);
                case "bool_value":
                case "boolValue":
                    return JsonValue.Create(property.Value.ValueKind == JsonValueKind.True
                        || (property.Value.ValueKind == JsonValueKind.String && bool.Parse(property.Value.GetString()!)));
                case "int_value":
                case "intValue":
                    return JsonValue.Create(ReadInt64(property.Value));
                case "double_value":
                case "doubleValue":
                    return JsonValue.Create(property.Value.ValueKind == JsonValueKind.String
                        ? double.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture)
                        : property.Value.GetDouble());
                case "bytes_value":
                case "bytesValue":
                    return JsonValue.Create(property.Value.GetString());
                case "array_value":
                case "arrayValue":
                    return new JsonArray(Values(property.Value).Select(DecodeAnyValue).ToArray());
                case "kvlist_value":
                case "kvlistValue":
                    var obj = new JsonObject();
                    foreach (var entry in Values(property.Value))
                    {
                        obj[entry.GetProperty("key").GetString()!] = entry.TryGetProperty("value", out var v) ? DecodeAnyValue(v) : null;
                    }

                    return obj;
            }
        }

        return null;
    }

    private static JsonElement[] Values(JsonElement container) =>
        container.TryGetProperty("values", out var values) ? [.. values.EnumerateArray()] : [];

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

    private static long ReadInt64(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, CultureInfo.InvariantCulture) : element.GetInt64();

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Span ParseSpan(JsonElement span)
    {
        var attributes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (span.TryGetProperty("attributes", out var attrs))
        {
            if (attrs.ValueKind == JsonValueKind.Array)
            {
                foreach (var attribute in attrs.EnumerateArray())
                {
                    attributes[attribute.GetProperty("key").GetString()!] =
                        attribute.TryGetProperty("value", out var v) ? DecodeAnyValue(v) : null;
                }
            }
            else if (attrs.ValueKind == JsonValueKind.Object)
            {
                foreach (var attribute in attrs.EnumerateObject())
                {
                    attributes[attribute.Name] = attribute.Value.ValueKind == JsonValueKind.String
                        ? ParseJsonOrText(attribute.Value.GetString()!)
                        : JsonNode.Parse(attribute.Value.GetRawText());
                }
            }
        }

        var spanType = attributes.TryGetValue(SpanTypeKey, out var type) && type is JsonValue typeValue
            && typeValue.TryGetValue<string>(out var typeText) && !string.IsNullOrWhiteSpace(typeText)
            ? new SpanType(typeText)
            : SpanType.Unknown;
        return new Span
        {
            SpanId = NormalizeSpanId(GetString(span, "span_id")) ?? throw new JsonException("A span has no span_id."),
            ParentId = NormalizeSpanId(GetString(span, "parent_span_id") ?? GetString(span, "parent_id")),
            Name = GetString(span, "name") ?? string.Empty,
            SpanType = spanType,
            Inputs = attributes.GetValueOrDefault(SpanInputsKey)?.DeepClone(),
            Outputs = attributes.GetValueOrDefault(SpanOutputsKey)?.DeepClone(),
            StartTimeUnixNano = span.TryGetProperty("start_time_unix_nano", out var start) ? ReadInt64(start) : 0,
            EndTimeUnixNano = span.TryGetProperty("end_time_unix_nano", out var end) && end.ValueKind != JsonValueKind.Null ? ReadInt64(end) : null,
            StatusCode = span.TryGetProperty("status", out var status) ? GetString(status, "code") : null,
            Attributes = attributes,
        };
    }

    private static TraceInfo ParseInfo(JsonElement info)
    {
        var traceId = GetString(info, "trace_id") ?? GetString(info, "request_id") ?? throw new JsonException("The trace_info has no trace_id.");
        return new TraceInfo
        {
            TraceId = traceId,
            ExperimentId = info.TryGetProperty("trace_location", out var location)
                && location.TryGetProperty("mlflow_experiment", out var experiment)
                ? GetString(experiment, "experiment_id")
                : GetString(info, "experiment_id"),
            RequestTime = GetString(info, "request_time") is { } time
                ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null,
            ExecutionDuration = GetString(info, "execution_duration") is { } duration ? ParseDuration(duration) : null,
            State = GetString(info, "state"),
            RequestPreview = GetString(info, "request_preview"),
            ResponsePreview = GetString(info, "response_preview"),
            Metadata = StringMap(info, "trace_metadata"),
            Tags = StringMap(info, "tags"),
            Assessments = info.TryGetProperty("assessments", out var assessments)
                ? assessments.EnumerateArray().Select(a => ParseAssessment(a, traceId)).OfType<Assessment>().ToArray()
                : [],
        };
    }

    private static Assessment WithCommonFields(
        Assessment assessment, JsonElement element, string traceId, AssessmentSource? source, Dictionary<string, string>? metadata) =>
        assessment with
        {
            Source = source ?? assessment.Source,
            Rationale = GetString(element, "rationale"),
            Metadata = metadata,
            TraceId = GetString(element, "trace_id") ?? traceId,
            SpanId = GetString(element, "span_id"),
            AssessmentId = GetString(element, "assessment_id"),
            CreateTime = ParseTime(element, "create_time"),
            LastUpdateTime = ParseTime(element, "last_update_time"),
            Valid = !element.TryGetProperty("valid", out var valid) || valid.ValueKind != JsonValueKind.False,
            Overrides = GetString(element, "overrides"),
        };

    private static DateTimeOffset? ParseTime(JsonElement element, string name) =>
        GetString(element, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    private static TimeSpan ParseDuration(string text) =>
        TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture));

    private static Dictionary<string, string> StringMap(JsonElement element, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in value.EnumerateObject())
            {
                map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            }
        }

        return map;
    }

    private static Assessment? ParseAssessment(JsonElement element, string traceId)
    {
        var name = GetString(element, "assessment_name") ?? string.Empty;
        var source = element.TryGetProperty("source", out var s)
            ? new AssessmentSource
            {
                SourceType = GetString(s, "source_type") switch
                {
                    null or "" => AssessmentSourceType.Code,
                    var legacy when legacy.Equals("AI_JUDGE", StringComparison.OrdinalIgnoreCase) => AssessmentSourceType.LlmJudge,
                    var type => new AssessmentSourceType(type.ToUpperInvariant()),
                },
                SourceId = GetString(s, "source_id") ?? AssessmentSource.DefaultSourceId,
            }
            : null;
        var metadata = element.TryGetProperty("metadata", out _) ? StringMap(element, "metadata") : null;
        if (element.TryGetProperty("feedback", out var feedback))
        {
            var result = new Feedback
            {
                Name = name,
                Value = feedback.TryGetProperty("value", out var value) ? JsonNode.Parse(value.GetRawText()) : null,
                Error = feedback.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    ? new AssessmentError
                    {
                        ErrorCode = GetString(error, "error_code") ?? string.Empty,
                        ErrorMessage = GetString(error, "error_message"),
                        StackTrace = GetString(error, "stack_trace"),
                    }
                    : null,
            };
            return WithCommonFields(result, element, traceId, source, metadata);
        }

        if (element.TryGetProperty("expectation", out var expectation))
        {
            JsonNode? value = null;
            if (expectation.TryGetProperty("value", out var plain))
            {
                value = JsonNode.Parse(plain.GetRawText());
            }
            else if (expectation.TryGetProperty("serialized_value", out var serialized) && GetString(serialized, "value") is { } text)
            {
                value = JsonNode.Parse(text);
            }

            var result = new Expectation
            {
                Name = name,
                Value = value,
            };
            return WithCommonFields(result, element, traceId, source, metadata);
        }

        return null;
    }
}
