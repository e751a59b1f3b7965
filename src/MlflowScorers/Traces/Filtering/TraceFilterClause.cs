using System.Collections.Generic;

namespace MlflowScorers.Traces.Filtering;

/// <summary>
/// One comparison of a trace filter, with MLflow's key aliases resolved: <c>name</c> is the tag <c>mlflow.traceName</c>,
/// <c>run_id</c> the metadata <c>mlflow.sourceRun</c>, <c>text</c> the span <c>content</c>, <c>timestamp</c> is
/// <c>timestamp_ms</c> and so on. Exactly one of <see cref="Text"/>, <see cref="Number"/> and <see cref="Values"/> is set,
/// except for <c>IS NULL</c> and <c>IS NOT NULL</c>, which have none.
/// </summary>
/// <param name="Entity">What is compared.</param>
/// <param name="Key">The attribute, tag, metadata or assessment name; for spans <c>name</c>, <c>type</c>, <c>status</c>,
/// <c>content</c> or <c>attributes.&lt;key&gt;</c>.</param>
/// <param name="Comparator">The comparator in upper case, for example <c>=</c>, <c>LIKE</c>, <c>NOT IN</c>, <c>IS NULL</c>.</param>
internal sealed record TraceFilterClause(TraceFilterEntity Entity, string Key, string Comparator)
{
    /// <summary>A string operand, quotes removed.</summary>
    public string? Text { get; init; }

    /// <summary>A numeric operand (numeric attributes only).</summary>
    public double? Number { get; init; }

    /// <summary>The operands of <c>IN</c> and <c>NOT IN</c>.</summary>
    public IReadOnlyList<string>? Values { get; init; }
}
