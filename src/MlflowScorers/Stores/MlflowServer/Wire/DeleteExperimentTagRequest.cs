namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/2.0/mlflow/experiments/delete-experiment-tag</c>.</summary>
internal sealed record DeleteExperimentTagRequest(string ExperimentId, string Key);
