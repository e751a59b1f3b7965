using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// MLflow's Assessment object, sent on create and update and read from every reply. A real server leaves unset keys out
/// (Errata 20), so every key is optional here.
/// </summary>
internal sealed record AssessmentDto
{
    public string? AssessmentId { get; set; }

    public string? AssessmentName { get; set; }

    public string? TraceId { get; set; }

    public string? SpanId { get; set; }

    public AssessmentSourceDto? Source { get; set; }

    public string? CreateTime { get; set; }

    public string? LastUpdateTime { get; set; }

    public FeedbackDto? Feedback { get; set; }

    public ExpectationDto? Expectation { get; set; }

    public string? Rationale { get; set; }

    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    public AssessmentErrorDto? Error { get; set; }

    public bool? Valid { get; set; }

    public string? Overrides { get; set; }
}
