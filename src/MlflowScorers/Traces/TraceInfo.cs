using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>A trace's header: id, experiment, timing, state, metadata, tags and assessments.</summary>
public sealed record TraceInfo
{
    /// <summary>The MLflow trace id, for example <c>tr-</c> followed by 32 hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>The experiment the trace belongs to.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>When the request started.</summary>
    public DateTimeOffset? RequestTime { get; init; }

    /// <summary>How long the request took.</summary>
    public TimeSpan? ExecutionDuration { get; init; }

    /// <summary>The state, for example <c>OK</c> or <c>ERROR</c>.</summary>
    public string? State { get; init; }

    /// <summary>A preview of the request.</summary>
    public string? RequestPreview { get; init; }

    /// <summary>A preview of the response.</summary>
    public string? ResponsePreview { get; init; }

    /// <summary>Trace metadata, for example <c>mlflow.trace.session</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Trace tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The feedback and expectations attached to the trace.</summary>
    public IReadOnlyList<Assessment> Assessments { get; init; } = [];
}
