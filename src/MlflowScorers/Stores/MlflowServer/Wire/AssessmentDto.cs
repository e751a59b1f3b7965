using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// MLflow's Assessment object, sent on create and update and read from every reply. A real server leaves unset keys out
/// (Errata 20), so every key is optional here.
/// </summary>
internal sealed record AssessmentDto
{
    public string? AssessmentId { get; init; }

    public string? AssessmentName { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }

    public AssessmentSourceDto? Source { get; init; }

    public string? CreateTime { get; init; }

    public string? LastUpdateTime { get; init; }

    public FeedbackDto? Feedback { get; init; }

    public ExpectationDto? Expectation { get; init; }

    public string? Rationale { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public AssessmentErrorDto? Error { get; init; }

    public bool? Valid { get; init; }

    public string? Overrides { get; init; }
}
