using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>An MLflow experiment: the container of traces and scorers.</summary>
public sealed record Experiment
{
    /// <summary>The experiment id. MLflow ids are strings on the wire, even where they look like numbers.</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The experiment's name.</summary>
    public required string Name { get; init; }

    /// <summary>Where the experiment's artifacts live.</summary>
    public string? ArtifactLocation { get; init; }

    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string? LifecycleStage { get; init; }

    /// <summary>When the experiment was created.</summary>
    public DateTimeOffset? CreationTime { get; init; }

    /// <summary>When the experiment last changed.</summary>
    public DateTimeOffset? LastUpdateTime { get; init; }

    /// <summary>The experiment's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
