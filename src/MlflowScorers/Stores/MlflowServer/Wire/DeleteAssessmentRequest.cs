namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The JSON body the Python client sends with DELETE <c>…/assessments/{id}</c>.</summary>
internal sealed record DeleteAssessmentRequest(string TraceId, string AssessmentId);
