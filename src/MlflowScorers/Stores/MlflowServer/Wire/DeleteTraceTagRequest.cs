namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of DELETE <c>/api/2.0/mlflow/traces/{trace_id}/tags</c>.</summary>
internal sealed record DeleteTraceTagRequest(string Key);
