namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/2.0/mlflow/experiments/create</c>.</summary>
internal sealed record CreateExperimentRequest(string Name);
