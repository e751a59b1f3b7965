namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/3.0/mlflow/scorers/register</c>.</summary>
internal sealed record RegisterScorerRequest(string ExperimentId, string Name, string SerializedScorer);
