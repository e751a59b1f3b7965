namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/2.0/mlflow/experiments/set-experiment-tag</c>.</summary>
internal sealed record SetExperimentTagRequest(string ExperimentId, string Key, string Value);
