using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>Compares JSON as parsed values: key order and number spelling (0 and 0.0) do not matter.</summary>
internal static class JsonEquivalence
{
    public static bool AreEquivalent(string left, string right) =>
        AreEquivalent(JsonNode.Parse(left), JsonNode.Parse(right));

    public static bool AreEquivalent(JsonNode? left, JsonNode? right) => (left, right) switch
    {
        (null, null) => true,
        (JsonObject a, JsonObject b) => a.Count == b.Count
            && a.All(kv => b.TryGetPropertyValue(kv.Key, out var other) && AreEquivalent(kv.Value, other)),
        (JsonArray a, JsonArray b) => a.Count == b.Count && a.Zip(b).All(pair => AreEquivalent(pair.First, pair.Second)),
        (JsonValue a, JsonValue b) => ValuesEqual(a, b),
        _ => false,
    };

    private static bool ValuesEqual(JsonValue a, JsonValue b)
    {
        if (a.GetValueKind() != b.GetValueKind())
        {
            return false;
        }

        return a.GetValueKind() switch
        {
            JsonValueKind.Number => a.GetValue<decimal>() == b.GetValue<decimal>(),
            JsonValueKind.String => string.Equals(a.GetValue<string>(), b.GetValue<string>(), StringComparison.Ordinal),
            _ => true,
        };
    }
}
