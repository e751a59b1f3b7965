namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary><c>{"assessment": {...}}</c>: the create request and the reply of create, get and update.</summary>
internal sealed record AssessmentEnvelope(AssessmentDto? Assessment);
