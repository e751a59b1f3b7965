using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>
/// One of MLflow's built-in LLM judges. It registers in a server's scorer registry as the Python class of the same name,
/// so Python MLflow loads it as that class.
/// </summary>
public abstract record BuiltInJudge : JudgeScorer
{
    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.BuiltIn;

    /// <summary>The Python class name MLflow knows this judge by (<c>builtin_scorer_class</c>).</summary>
    public abstract string BuiltInClassName { get; }

    /// <summary>Whether the judge scores a whole session of traces rather than one trace.</summary>
    public virtual bool IsSessionLevel => false;

    /// <summary>
    /// The oldest MLflow version whose Python client can load this class. A payload the server's Python cannot load would break
    /// <c>list_scorers()</c> for the whole experiment, so registration on an older server is refused.
    /// </summary>
    public virtual System.Version MinimumMlflowVersion => new(3, 0);

    /// <summary>The data fields the judge reads (MLflow's <c>required_columns</c>).</summary>
    public abstract IReadOnlyList<string> RequiredColumns { get; }

    /// <summary>Whether the judge needs expectations, which MLflow servers cannot supply to online scoring.</summary>
    public virtual bool RequiresExpectations => false;
}
