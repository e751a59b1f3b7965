using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Evaluation;

/// <summary>Computes MLflow's aggregate metrics (spec §2) from the feedback each scorer produced.</summary>
internal static class FeedbackAggregator
{
    private static readonly Aggregation[] s_default = [Aggregation.Mean];

    /// <summary>For each scorer and each feedback name it produced: its aggregations (default mean) over the numeric values.</summary>
    public static Dictionary<string, double> Compute(IEnumerable<(Scorer Scorer, IEnumerable<Feedback> Feedback)> produced)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (scorer, feedback) in produced)
        {
            var aggregations = scorer.Aggregations ?? s_default;
            foreach (var group in feedback.GroupBy(f => f.Name, StringComparer.Ordinal))
            {
                var values = group.Select(f => ToNumber(f.Value)).OfType<double>().ToArray();
                foreach (var aggregation in aggregations)
                {
                    if (aggregation.Compute(values) is { } value)
                    {
                        metrics[$"{group.Key}/{aggregation.Name}"] = value;
                    }
                }
            }
        }

        return metrics;
    }

    /// <summary>A feedback value as a number: booleans and yes/no as 1/0, numbers as they are; anything else none.</summary>
    public static double? ToNumber(JsonNode? value)
    {
        if (value is not JsonValue json)
        {
            return null;
        }

        switch (json.GetValueKind())
        {
            case JsonValueKind.True:
                return 1.0;
            case JsonValueKind.False:
                return 0.0;
            case JsonValueKind.Number:
                return json.TryGetValue<double>(out var d) ? d : double.Parse(json.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                var text = json.GetValue<string>();
                return string.Equals(text, "yes", StringComparison.OrdinalIgnoreCase) ? 1.0
                    : string.Equals(text, "no", StringComparison.OrdinalIgnoreCase) ? 0.0
                    : null;
            default:
                return null;
        }
    }
}
