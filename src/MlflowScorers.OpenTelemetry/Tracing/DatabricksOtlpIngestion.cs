namespace MlflowScorers.Tracing;

/// <summary>
/// Where and how spans reach a Databricks workspace over OTLP/HTTP protobuf, in one place. Verified (MLflow's own Databricks
/// tracing store and TypeScript client, and the Databricks documentation for third-party OpenTelemetry clients): spans for a
/// Unity Catalog trace location are POSTed to <c>{host}/api/2.0/otel/v1/traces</c> with the workspace's
/// <c>Authorization</c> header and <see cref="SpansTableHeader"/> naming the spans table (<c>catalog.schema.table</c>, the
/// experiment's linked location; MLflow's default table name is <c>mlflow_experiment_trace_otel_spans</c>). Not verified:
/// whether the workspace accepts spans for an experiment without a Unity Catalog location (only the
/// <c>x-mlflow-experiment-id</c> header, which the exporter always sends); MLflow's Python client stores such traces through
/// the trace-info and artifact APIs instead. A workspace that refuses answers an error, which the exporter logs with its
/// error code and message and counts as dropped spans.
/// </summary>
internal static class DatabricksOtlpIngestion
{
    /// <summary>The workspace's OTLP traces route, relative to the workspace address.</summary>
    public const string TracesPath = "api/2.0/otel/v1/traces";

    /// <summary>The header that names the Unity Catalog table the spans are written to.</summary>
    public const string SpansTableHeader = "X-Databricks-UC-Table-Name";
}
