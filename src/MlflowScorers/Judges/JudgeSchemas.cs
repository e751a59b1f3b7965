using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>The JSON schemas a judge asks for: an object with <c>result</c> and <c>rationale</c>.</summary>
internal static class JudgeSchemas
{
    /// <summary>A free-text result (MLflow's default <c>JudgeEvaluation</c>).</summary>
    public static JsonObject TextResult() => Evaluation(new JsonObject { ["type"] = "string" });

    /// <summary>A result of the given feedback value type (an instructions judge's <c>ResponseFormat</c>).</summary>
    public static JsonObject For(FeedbackValueType? type) => Evaluation(type is null ? new JsonObject { ["type"] = "string" } : TypeSchema(type));

    /// <summary>A result that is one of the given strings.</summary>
    public static JsonObject OneOf(params string[] choices) =>
        Evaluation(new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(choices.Select(c => (JsonNode)c).ToArray()) });

    private static JsonObject TypeSchema(FeedbackValueType type)
    {
        var schema = new JsonObject { ["type"] = type.JsonType };
        if (type.Choices is { } choices)
        {
            schema["enum"] = new JsonArray(choices.Select(c => (JsonNode)c).ToArray());
        }

        if (type.Element is { } element)
        {
            schema[type.JsonType == "object" ? "additionalProperties" : "items"] = TypeSchema(element);
        }

        return schema;
    }

    private static JsonObject Evaluation(JsonObject result) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["result"] = result, ["rationale"] = new JsonObject { ["type"] = "string" } },
        ["required"] = new JsonArray("result", "rationale"),
        ["additionalProperties"] = false,
    };
}
