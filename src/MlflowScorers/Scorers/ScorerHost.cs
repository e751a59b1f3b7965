namespace MlflowScorers;

/// <summary>Where a registered scorer runs in production.</summary>
public enum ScorerHost
{
    /// <summary>
    /// The backend runs it: the scorer sits in the server's scorer registry as MLflow <c>serialized_scorer</c> JSON, and
    /// Databricks (or an MLflow server with online scoring) samples and scores traces. The SDK manages its lifecycle only.
    /// </summary>
    Server,

    /// <summary>
    /// A .NET process runs it (for example with the evaluation harness over new traces). Its registration lives in the
    /// experiment's tags, so every process and operator sees the same lifecycle. C# code scorers and prompt judges always run here; a judge may run here too.
    /// </summary>
    DotNet,
}
