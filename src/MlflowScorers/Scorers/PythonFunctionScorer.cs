namespace MlflowScorers;

/// <summary>
/// A Python <c>@scorer</c> function found in a backend. Its source is shown for reference and never executed.
/// It cannot be registered on MLflow servers (only Databricks runs such scorers).
/// </summary>
public sealed record PythonFunctionScorer : Scorer
{
    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.PythonFunction;

    /// <summary>The function body as Python wrote it (<c>call_source</c>).</summary>
    public string? CallSource { get; init; }

    /// <summary>The Python signature, for example <c>(outputs) -&gt; bool</c> (<c>call_signature</c>).</summary>
    public string? CallSignature { get; init; }

    /// <summary>The function's original name (<c>original_func_name</c>).</summary>
    public string? OriginalFunctionName { get; init; }
}
