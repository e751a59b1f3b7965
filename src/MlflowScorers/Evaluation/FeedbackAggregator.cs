using System;
using System.Collections.Generic;
using System.Linq;
using MlflowScorers.Assessments;

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
                var values = group.Select(f => FeedbackNumbers.ToNumber(f.Value)).OfType<double>().ToArray();
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
}
