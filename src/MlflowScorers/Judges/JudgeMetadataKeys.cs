namespace MlflowScorers;

/// <summary>The metadata keys a judge's feedback carries when run in .NET.</summary>
public static class JudgeMetadataKeys
{
    /// <summary>Prompt tokens the judge call used (for a judge that reads the trace, over all its calls), when the endpoint reports them.</summary>
    public const string InputTokens = "mlflowscorers.judge.inputTokens";

    /// <summary>Completion tokens the judge call used, when the endpoint reports them.</summary>
    public const string OutputTokens = "mlflowscorers.judge.outputTokens";

    /// <summary>For a judge that reads the trace (<c>{{ trace }}</c>): how many tool calls it made before its verdict.</summary>
    public const string ToolCallCount = "mlflowscorers.judge.toolCallCount";

    /// <summary>For a judge that reads the trace: the tools it called, in order, separated by commas (absent when none).</summary>
    public const string ToolCalls = "mlflowscorers.judge.toolCalls";

    /// <summary>For a prompt judge with numeric values: the category the judge chose (MLflow's <c>string_value</c>).</summary>
    public const string StringValue = "string_value";
}
