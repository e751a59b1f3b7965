using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>Aggregations as the JSON list of their names.</summary>
internal static class AggregationNames
{
    /// <summary>The names of a scorer's aggregations for a server registry, which holds only MLflow's named ones.</summary>
    /// <exception cref="ArgumentException">An aggregation is custom; the message names it and the scorer.</exception>
    public static JsonArray? WriteBuiltIn(Scorer scorer)
    {
        if (scorer.Aggregations?.FirstOrDefault(a => !a.IsBuiltIn) is { } custom)
        {
            throw new ArgumentException(
                $"Scorer '{scorer.Name}' cannot be serialized: its aggregation '{custom.Name}' is custom, and an MLflow scorer registry stores only the named aggregations min, max, mean, median, variance and p90.",
                nameof(scorer));
        }

        return Write(scorer.Aggregations);
    }

    /// <summary>The names of any aggregations, custom ones included; <see langword="null"/> stays null.</summary>
    public static JsonArray? Write(IReadOnlyList<Aggregation>? aggregations) =>
        aggregations is null ? null : new JsonArray(aggregations.Select(a => (JsonNode?)a.Name).ToArray());

    /// <summary>Reads a list of names.</summary>
    /// <param name="node">The list, or null.</param>
    /// <param name="skipUnknown">Leave out names that are not MLflow's named aggregations instead of failing.</param>
    /// <exception cref="FormatException">The node is not a list of strings.</exception>
    /// <exception cref="ArgumentException">A name is unknown while <paramref name="skipUnknown"/> is false.</exception>
    public static IReadOnlyList<Aggregation>? Read(JsonNode? node, bool skipUnknown)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray names)
        {
            throw new FormatException($"aggregations must be a list of names, found {node.ToJsonString()}");
        }

        var result = new List<Aggregation>();
        foreach (var name in names.Select(JsonRead.RequiredString))
        {
            try
            {
                result.Add(Aggregation.FromName(name));
            }
            catch (ArgumentException) when (skipUnknown)
            {
                // A custom aggregation's function lives only in the process that defined it: it cannot be read back.
            }
        }

        return result;
    }
}
