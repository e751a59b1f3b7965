using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>A named judgement attached to a trace (or to one of its spans): a <see cref="Feedback"/> or an <see cref="Expectation"/>.</summary>
public abstract record Assessment
{
    /// <summary>The assessment's name (MLflow's <c>assessment_name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Who produced it.</summary>
    public abstract AssessmentSource Source { get; init; }

    /// <summary>Why, in words.</summary>
    public string? Rationale { get; init; }

    /// <summary>Extra string data, for example token usage of a judge.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The trace it belongs to.</summary>
    public string? TraceId { get; init; }

    /// <summary>The span it belongs to, as 16 lowercase hex characters; <see langword="null"/> for the whole trace.</summary>
    public string? SpanId { get; init; }

    /// <summary>The backend's id, for an assessment read from a backend.</summary>
    public string? AssessmentId { get; init; }

    /// <summary>When the backend created the assessment; set by the backend.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>When the assessment last changed; set by the backend.</summary>
    public DateTimeOffset? LastUpdateTime { get; init; }

    /// <summary>Whether the assessment is current; <see langword="false"/> once another assessment overrides it.</summary>
    public bool Valid { get; init; } = true;

    /// <summary>The id of the assessment this one supersedes, if any.</summary>
    public string? Overrides { get; init; }
}
