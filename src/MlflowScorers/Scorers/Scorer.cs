using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>
/// A named evaluator that turns a trace (or a row of inputs, outputs and expectations) into feedback. Scorers are immutable:
/// every lifecycle call (<c>RegisterAsync</c>, <c>StartAsync</c>, <c>UpdateAsync</c>, <c>StopAsync</c>, <c>DeleteAsync</c>)
/// returns a new instance and leaves the receiver as it was. Use <c>with</c> to derive a changed copy.
/// </summary>
public abstract record Scorer
{
    private readonly string _name = null!;

    /// <summary>The scorer's name; also the name of the feedback it writes.</summary>
    /// <exception cref="ArgumentException">The name is empty, whitespace-only or longer than 256 characters.</exception>
    public required string Name
    {
        get => _name;
        init => _name = ScorerValidation.Name(value, nameof(Name));
    }

    /// <summary>Aggregations of this scorer's values over an evaluation (for example mean and max). Used by offline evaluation.</summary>
    public IReadOnlyList<Aggregation>? Aggregations { get; init; }

    /// <summary>A description shown to people who list the scorer.</summary>
    public string? Description { get; init; }

    /// <summary>The scorer's family.</summary>
    public abstract ScorerKind Kind { get; }

    /// <summary>Where this scorer runs once registered. See <see cref="ScorerHost"/>.</summary>
    public virtual ScorerHost Host { get; init; } = ScorerHost.Server;

    /// <summary>The experiment the scorer is registered in; <see langword="null"/> while unregistered.</summary>
    public string? ExperimentId { get; internal init; }

    /// <summary>The registered version; <see langword="null"/> while unregistered or where the backend keeps no versions.</summary>
    public int? Version { get; internal init; }

    /// <summary>The backend's id for the scorer (the same for all its versions), when the backend has one.</summary>
    public string? ScorerId { get; internal init; }

    /// <summary>When this version was registered, when the backend says.</summary>
    public DateTimeOffset? CreationTime { get; internal init; }

    /// <summary>The sampling configuration the backend holds; <see langword="null"/> while unregistered.</summary>
    public ScorerSamplingConfig? SamplingConfig { get; internal init; }

    /// <summary>The fraction of traces scored, or <see langword="null"/> when none is set.</summary>
    public double? SampleRate => SamplingConfig?.SampleRate;

    /// <summary>The trace filter, or <see langword="null"/> for every trace.</summary>
    public string? FilterString => SamplingConfig?.FilterString;

    /// <summary>
    /// <see cref="ScorerStatus.Unregistered"/> until registered; then <see cref="ScorerStatus.Started"/> while the sample rate is
    /// above zero and <see cref="ScorerStatus.Stopped"/> otherwise.
    /// </summary>
    public ScorerStatus Status =>
        ExperimentId is null ? ScorerStatus.Unregistered
        : SampleRate is > 0.0 ? ScorerStatus.Started
        : ScorerStatus.Stopped;
}
