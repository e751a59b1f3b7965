using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>The outcome of an evaluation: per-row feedback and per-scorer aggregate metrics.</summary>
public sealed record EvaluationRunResult
{
    /// <summary>One result per row or trace, in input order.</summary>
    public required IReadOnlyList<EvaluationRowResult> Rows { get; init; }

    /// <summary>
    /// Aggregates keyed <c>{feedback name}/{aggregation}</c>, for example <c>response_length/mean</c>. Booleans and
    /// <c>yes</c>/<c>no</c> count as 1/0; other strings, errors and missing values are left out; a name without numeric values
    /// has no metrics.
    /// </summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
}
