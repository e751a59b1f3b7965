namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of PATCH <c>/api/2.0/mlflow/traces/{trace_id}/tags</c>.</summary>
internal sealed record SetTraceTagRequest(string Key, string Value);
