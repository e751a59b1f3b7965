namespace MlflowScorers;

/// <summary>The metadata keys a judge's feedback carries when run in .NET.</summary>
public static class JudgeMetadataKeys
{
    /// <summary>Prompt tokens the judge call used, when the endpoint reports them.</summary>
    public const string InputTokens = "mlflowscorers.judge.inputTokens";

    /// <summary>Completion tokens the judge call used, when the endpoint reports them.</summary>
    public const string OutputTokens = "mlflowscorers.judge.outputTokens";

    /// <summary>For a prompt judge with numeric values: the category the judge chose (MLflow's <c>string_value</c>).</summary>
    public const string StringValue = "string_value";
}
