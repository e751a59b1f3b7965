namespace MlflowScorers.Tracing;

/// <summary>The span attribute names MLflow and the OpenTelemetry GenAI conventions use.</summary>
internal static class MlflowAttributes
{
    public const string SpanType = SpanAttributeKeys.SpanType;
    public const string SpanInputs = SpanAttributeKeys.SpanInputs;
    public const string SpanOutputs = SpanAttributeKeys.SpanOutputs;
    public const string OperationName = "gen_ai.operation.name";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string EventContent = "gen_ai.event.content";
    public const string ChoiceEvent = "gen_ai.choice";

    /// <summary>
    /// Whether a string attribute holds JSON text: only <c>mlflow.spanInputs</c> and <c>mlflow.spanOutputs</c>, which MLflow's
    /// convention and <see cref="MlflowSpanProcessor"/> write as JSON. Every other string stays a string, so <c>"123"</c> is not
    /// read as a number.
    /// </summary>
    public static bool IsJsonText(string key) => key is SpanInputs or SpanOutputs;
}
