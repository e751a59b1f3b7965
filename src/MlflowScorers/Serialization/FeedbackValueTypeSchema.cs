using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Converts <see cref="FeedbackValueType"/> to and from the JSON-schema fragment Python MLflow writes as an instructions
/// judge's <c>feedback_value_type</c>: for example <c>{"type": "string", "enum": ["good", "bad"], "title": "Result"}</c>.
/// </summary>
internal static class FeedbackValueTypeSchema
{
    /// <summary>The schema of a judge's result; <see langword="null"/> (free text) writes the string schema, as Python's default <c>str</c> does.</summary>
    public static JsonObject Write(FeedbackValueType? type)
    {
        var schema = WriteType(type ?? FeedbackValueType.String);
        schema["title"] = "Result";
        return schema;
    }

    /// <summary>Reads a schema fragment; a missing one is free text.</summary>
    /// <exception cref="FormatException">The fragment is not one of the shapes MLflow writes.</exception>
    public static FeedbackValueType Read(JsonNode? schema)
    {
        if (schema is null)
        {
            return FeedbackValueType.String;
        }

        var obj = JsonRead.OptionalObject(schema)!;
        var jsonType = JsonRead.OptionalString(obj["type"]);
        return jsonType switch
        {
            "string" when obj["enum"] is JsonArray choices => FeedbackValueType.OneOf(choices.Select(JsonRead.RequiredString).ToArray()),
            "string" => FeedbackValueType.String,
            "integer" => FeedbackValueType.Integer,
            "number" => FeedbackValueType.Number,
            "boolean" => FeedbackValueType.Boolean,
            "object" => FeedbackValueType.DictionaryOf(ReadElement(obj["additionalProperties"])),
            "array" => FeedbackValueType.ListOf(ReadElement(obj["items"])),
            _ => throw new FormatException($"unsupported feedback_value_type {schema.ToJsonString()}"),
        };
    }

    private static FeedbackValueType ReadElement(JsonNode? schema) =>
        schema is null
            ? throw new FormatException("a dictionary or list feedback_value_type has no element type")
            : Read(schema);

    private static JsonObject WriteType(FeedbackValueType type)
    {
        var schema = new JsonObject { ["type"] = type.JsonType };
        if (type.Choices is { } choices)
        {
            schema["enum"] = new JsonArray(choices.Select(c => (JsonNode?)c).ToArray());
        }

        if (type.Element is { } element)
        {
            schema[type.JsonType == "object" ? "additionalProperties" : "items"] = WriteType(element);
        }

        return schema;
    }
}
