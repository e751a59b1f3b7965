namespace MlflowScorers;

/// <summary>A scorer that asks an LLM judge. <see cref="Model"/> selects the judge model; <see langword="null"/> uses the backend's default.</summary>
public abstract record JudgeScorer : Scorer
{
    private readonly string? _model;

    /// <summary>
    /// The judge model URI, <c>&lt;provider&gt;:/&lt;model-name&gt;</c> (for example <c>openai:/gpt-4.1-mini</c>,
    /// <c>databricks:/my-endpoint</c>, <c>gateway:/my-endpoint</c>) or the literal <c>databricks</c>;
    /// <see langword="null"/> uses the default judge.
    /// </summary>
    /// <exception cref="System.ArgumentException">The value is not a valid model URI.</exception>
    public string? Model
    {
        get => _model;
        init => _model = value is null ? null : JudgeModelUri.Parse(value).Value;
    }
}
