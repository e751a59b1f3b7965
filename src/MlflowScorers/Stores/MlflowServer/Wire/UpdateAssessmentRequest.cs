namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The PATCH body: the ids and changed fields, and the protobuf JSON field mask (camelCase paths joined by commas).</summary>
internal sealed record UpdateAssessmentRequest(AssessmentDto Assessment, string UpdateMask);
