using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>
/// Two evaluations of the same data side by side (for example before and after a prompt change): each aggregate metric of
/// either and the difference, and the rows whose verdict changed. Rows are paired by position, so both evaluations must
/// score the same rows in the same order, as two runs over one dataset do. To compare two recorded runs from the store, with
/// rows paired by their inputs, use <see cref="EvaluationRunComparer.CompareEvaluationRunsAsync"/>.
/// </summary>
public sealed record EvaluationComparison
{
    /// <summary>Every metric either evaluation has, by name (ordinal order).</summary>
    public required IReadOnlyList<MetricComparison> Metrics { get; init; }

    /// <summary>The feedback whose value (or error) differs between the two, in row order.</summary>
    public required IReadOnlyList<VerdictChange> ChangedVerdicts { get; init; }

    /// <summary>Compares a candidate evaluation with a baseline.</summary>
    /// <param name="baseline">The earlier evaluation.</param>
    /// <param name="candidate">The later evaluation.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">The two have different numbers of rows, so they cannot be paired.</exception>
    public static EvaluationComparison Compare(EvaluationRunResult baseline, EvaluationRunResult candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.Rows.Count != candidate.Rows.Count)
        {
            throw new ArgumentException(
                $"The candidate has {candidate.Rows.Count} rows and the baseline {baseline.Rows.Count}; rows are paired by position, so both must score the same rows.",
                nameof(candidate));
        }

        return Compare(
            baseline.Metrics,
            candidate.Metrics,
            baseline.Rows.Select((row, i) => (i, candidate.Rows[i].Context, row.Feedback, candidate.Rows[i].Feedback)));
    }

    /// <summary>Compares metrics and the feedback of rows already paired (by position, or by a key).</summary>
    internal static EvaluationComparison Compare(
        IReadOnlyDictionary<string, double> baseline,
        IReadOnlyDictionary<string, double> candidate,
        IEnumerable<(int Index, ScorerContext Context, IReadOnlyList<Feedback> Baseline, IReadOnlyList<Feedback> Candidate)> rows)
    {
        var metrics = baseline.Keys.Union(candidate.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => new MetricComparison
            {
                Name = name,
                Baseline = baseline.TryGetValue(name, out var before) ? before : null,
                Candidate = candidate.TryGetValue(name, out var after) ? after : null,
            }).ToArray();
        var changes = new List<VerdictChange>();
        foreach (var row in rows)
        {
            var before = ByName(row.Baseline);
            var after = ByName(row.Candidate);
            foreach (var name in before.Keys.Union(after.Keys, StringComparer.Ordinal))
            {
                var old = before.GetValueOrDefault(name);
                var now = after.GetValueOrDefault(name);
                if (!SameVerdict(old, now))
                {
                    changes.Add(new VerdictChange { Index = row.Index, Context = row.Context, Name = name, Baseline = old, Candidate = now });
                }
            }
        }

        return new EvaluationComparison { Metrics = metrics, ChangedVerdicts = changes };
    }

    /// <summary>A row's feedback by name; for a name given several times (retrieval judges), the first.</summary>
    private static Dictionary<string, Feedback> ByName(IEnumerable<Feedback> feedback) =>
        feedback.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static bool SameVerdict(Feedback? old, Feedback? now) =>
        old is not null && now is not null
        && JsonNode.DeepEquals(old.Value, now.Value)
        && string.Equals(old.Error?.ErrorCode, now.Error?.ErrorCode, StringComparison.Ordinal);
}

/// <summary>One aggregate metric in two evaluations.</summary>
public sealed record MetricComparison
{
    /// <summary>The metric, <c>{scorer}/{aggregation}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Its value in the baseline; <see langword="null"/> when the baseline has no such metric.</summary>
    public double? Baseline { get; init; }

    /// <summary>Its value in the candidate; <see langword="null"/> when the candidate has no such metric.</summary>
    public double? Candidate { get; init; }

    /// <summary>Candidate minus baseline; <see langword="null"/> when either is missing.</summary>
    public double? Difference => Candidate - Baseline;
}

/// <summary>A row whose feedback of one name differs between two evaluations.</summary>
public sealed record VerdictChange
{
    /// <summary>The row's position.</summary>
    public required int Index { get; init; }

    /// <summary>The row as the candidate scored it.</summary>
    public required ScorerContext Context { get; init; }

    /// <summary>The feedback name.</summary>
    public required string Name { get; init; }

    /// <summary>The baseline's feedback; <see langword="null"/> when the baseline gave none of this name.</summary>
    public Feedback? Baseline { get; init; }

    /// <summary>The candidate's feedback; <see langword="null"/> when the candidate gave none of this name.</summary>
    public Feedback? Candidate { get; init; }
}
