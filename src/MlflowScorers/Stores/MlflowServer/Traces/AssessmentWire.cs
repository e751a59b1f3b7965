using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MlflowScorers.Stores.MlflowServer.Traces;

/// <summary>Writes assessments in MLflow's proto-JSON shape (spec §5), as the Python client sends them.</summary>
internal static class AssessmentWire
{
    public static JsonObject ToJson(Assessment assessment, string traceId, DateTimeOffset now)
    {
        var time = Timestamp(now);
        var json = new JsonObject
        {
            ["assessment_name"] = assessment.Name,
            ["trace_id"] = traceId,
        };
        if (assessment.SpanId is { } spanId)
        {
            json["span_id"] = spanId;
        }

        json["source"] = new JsonObject
        {
            ["source_type"] = assessment.Source.SourceType.ToString(),
            ["source_id"] = assessment.Source.SourceId,
        };
        json["create_time"] = time;
        json["last_update_time"] = time;
        switch (assessment)
        {
            case Feedback feedback:
                json["feedback"] = FeedbackValue(feedback.Value, feedback.Error);
                break;
            case Expectation expectation:
                json["expectation"] = ExpectationValue(expectation.Value);
                break;
        }

        AddOptional(json, assessment.Rationale, assessment.Metadata, assessment.Overrides);
        json["valid"] = assessment.Valid;
        return json;
    }

    /// <summary>The body of an update and its camelCase field mask, with only the fields the update sets.</summary>
    public static (JsonObject Assessment, string Mask) ToUpdate(string traceId, string assessmentId, AssessmentUpdate update)
    {
        var json = new JsonObject { ["assessment_id"] = assessmentId, ["trace_id"] = traceId };
        var mask = new System.Collections.Generic.List<string>();
        if (update.Name is { } name)
        {
            json["assessment_name"] = name;
            mask.Add("assessmentName");
        }

        if (update.Value is { } value)
        {
            json[value.IsExpectation ? "expectation" : "feedback"] = value.IsExpectation
                ? ExpectationValue(value.Value)
                : FeedbackValue(value.Value, value.Error);
            mask.Add(value.IsExpectation ? "expectation" : "feedback");
        }

        if (update.Rationale is not null)
        {
            mask.Add("rationale");
        }

        if (update.Metadata is not null)
        {
            mask.Add("metadata");
        }

        AddOptional(json, update.Rationale, update.Metadata, overrides: null);
        if (update.Valid is { } valid)
        {
            json["valid"] = valid;
            mask.Add("valid");
        }

        return (json, string.Join(',', mask));
    }

    private static JsonObject FeedbackValue(JsonNode? value, AssessmentError? error)
    {
        var json = new JsonObject { ["value"] = value?.DeepClone() };
        if (error is not null)
        {
            var wireError = new JsonObject { ["error_code"] = error.ErrorCode };
            if (error.ErrorMessage is { } message)
            {
                wireError["error_message"] = message;
            }

            if (error.StackTrace is { } stack)
            {
                wireError["stack_trace"] = stack;
            }

            json["error"] = wireError;
        }

        return json;
    }

    /// <summary>Primitives go in <c>value</c>; objects, arrays and null go JSON-encoded in <c>serialized_value</c>, as MLflow does.</summary>
    private static JsonObject ExpectationValue(JsonNode? value) => value is JsonValue primitive
        ? new JsonObject { ["value"] = primitive.DeepClone() }
        : new JsonObject
        {
            ["serialized_value"] = new JsonObject
            {
                ["serialization_format"] = "JSON_FORMAT",
                ["value"] = value?.ToJsonString() ?? "null",
            },
        };

    private static void AddOptional(JsonObject json, string? rationale, System.Collections.Generic.IReadOnlyDictionary<string, string>? metadata, string? overrides)
    {
        if (rationale is not null)
        {
            json["rationale"] = rationale;
        }

        if (metadata is not null)
        {
            var map = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                map[key] = value;
            }

            json["metadata"] = map;
        }

        if (overrides is not null)
        {
            json["overrides"] = overrides;
        }
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
