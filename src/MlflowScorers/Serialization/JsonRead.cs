using System;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>Typed reads of JSON nodes that throw <see cref="FormatException"/> naming what was wrong.</summary>
internal static class JsonRead
{
    public static string RequiredString(JsonNode? node) =>
        OptionalString(node) ?? throw new FormatException("expected a string, found null");

    public static string? OptionalString(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw new FormatException($"expected a string, found {node.ToJsonString()}"),
        };

    public static bool Bool(JsonNode? node) =>
        node switch
        {
            null => false,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            _ => throw new FormatException($"expected true or false, found {node.ToJsonString()}"),
        };

    public static JsonObject? OptionalObject(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw new FormatException($"expected an object, found {node.ToJsonString()}"),
        };
}
