namespace MlflowScorers;

/// <summary>
/// MLflow's span attribute names for a span's type, inputs and outputs, as the exporter writes them, the stores read them and
/// the judges' tools show them: one place for every reader and writer.
/// </summary>
internal static class SpanAttributeKeys
{
    /// <summary>The span's MLflow type (<c>LLM</c>, <c>TOOL</c>, <c>EVALUATOR</c>, ...).</summary>
    public const string SpanType = "mlflow.spanType";

    /// <summary>The span's inputs, as JSON.</summary>
    public const string SpanInputs = "mlflow.spanInputs";

    /// <summary>The span's outputs, as JSON.</summary>
    public const string SpanOutputs = "mlflow.spanOutputs";
}
