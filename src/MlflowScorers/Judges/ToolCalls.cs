using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>The tool calls of a trace (its TOOL spans, in start order) and their comparison with expected calls.</summary>
internal static class ToolCalls
{
    /// <summary>Each TOOL span as <c>{"name", "arguments", "outputs"}</c>, ordered by start time.</summary>
    public static JsonObject[] Of(Trace trace) => trace.FindSpans(SpanType.Tool)
        .OrderBy(s => s.StartTimeUnixNano)
        .Select(s => new JsonObject { ["name"] = s.Name, ["arguments"] = s.Inputs?.DeepClone(), ["outputs"] = s.Outputs?.DeepClone() })
        .ToArray();

    /// <summary>
    /// Whether the actual calls match the expected ones: same count, same names, and the same arguments where the expected
    /// call gives arguments; in order, or as a multiset when order does not matter. The text explains a mismatch.
    /// </summary>
    public static (bool Match, string Rationale) Compare(IReadOnlyList<JsonObject> actual, JsonArray expected, bool considerOrdering)
    {
        var wanted = expected.OfType<JsonObject>().ToList();
        if (wanted.Count != actual.Count)
        {
            return (false, $"Expected {wanted.Count} tool call(s) but the trace has {actual.Count}: {Names(actual)}.");
        }

        if (considerOrdering)
        {
            for (var i = 0; i < actual.Count; i++)
            {
                if (!Matches(actual[i], wanted[i]))
                {
                    return (false, $"Tool call {i + 1} is {Describe(actual[i])}, expected {Describe(wanted[i])}.");
                }
            }

            return (true, "The tool calls match the expected calls in order.");
        }

        foreach (var call in actual)
        {
            var index = wanted.FindIndex(w => Matches(call, w));
            if (index < 0)
            {
                return (false, $"The tool call {Describe(call)} is not among the expected calls.");
            }

            wanted.RemoveAt(index);
        }

        return (true, "The tool calls match the expected calls.");
    }

    private static bool Matches(JsonObject actual, JsonObject expected) =>
        string.Equals(PythonFormat.AsString(actual["name"]), PythonFormat.AsString(expected["name"]), StringComparison.Ordinal)
        && (!expected.TryGetPropertyValue("arguments", out var arguments) || arguments is null || JsonNode.DeepEquals(arguments, actual["arguments"]));

    private static string Describe(JsonObject call) =>
        call["arguments"] is { } arguments ? $"{PythonFormat.AsString(call["name"])}({PythonFormat.Dumps(arguments)})" : $"{PythonFormat.AsString(call["name"])}";

    private static string Names(IEnumerable<JsonObject> calls) =>
        string.Join(", ", calls.Select(c => PythonFormat.AsString(c["name"]))) is { Length: > 0 } names ? names : "none";
}
