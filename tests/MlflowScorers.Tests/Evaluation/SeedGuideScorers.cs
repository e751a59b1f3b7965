using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>The seed guide's custom scorers, written in C#.</summary>
internal static class SeedGuideScorers
{
    public static CodeScorer MentionsDatabricks { get; } = CodeScorer.FromOutputs(
        "mentions_databricks",
        outputs => Text(outputs?["response"]).Contains("databricks", StringComparison.OrdinalIgnoreCase));

    public static CodeScorer ResponseLength { get; } = CodeScorer.FromOutputs("response_length", outputs => Text(outputs?["response"]).Length) with
    {
        Aggregations = [Aggregation.Mean, Aggregation.Min, Aggregation.Max],
    };

    public static CodeScorer ResponseRelevanceScore { get; } = CodeScorer.FromInputsAndOutputs("response_relevance_score", (inputs, outputs) =>
    {
        var queryWords = Words(inputs?["query"]);
        if (queryWords.Length == 0)
        {
            return 0.0;
        }

        var responseWords = Words(outputs?["response"]);
        return (double)queryWords.Intersect(responseWords).Count() / queryWords.Length;
    });

    private static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;

    private static string[] Words(JsonNode? node) =>
        Text(node).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
}
