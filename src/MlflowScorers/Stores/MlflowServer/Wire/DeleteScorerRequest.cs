namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The JSON body of DELETE <c>/api/3.0/mlflow/scorers/delete</c>; no version deletes every version.</summary>
internal sealed record DeleteScorerRequest(string ExperimentId, string Name, int? Version);
