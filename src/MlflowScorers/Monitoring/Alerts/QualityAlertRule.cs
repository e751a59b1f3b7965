using System;

namespace MlflowScorers;

/// <summary>What a quality alert rule compares.</summary>
public enum QualityAlertCondition
{
    /// <summary>Fires when the share of passing results (yes / true) is below the threshold.</summary>
    PassRateBelow,

    /// <summary>Fires when the mean of numeric results is below the threshold.</summary>
    MeanBelow,

    /// <summary>Fires when the mean of numeric results is above the threshold.</summary>
    MeanAbove,
}

/// <summary>
/// A rule over one scorer's results in a sliding window, for example "pass rate below 0.9 over the last hour". Results are
/// classified as the quality trend classifies them (yes/no and booleans pass or fail; numbers are numeric); error feedback
/// does not count.
/// </summary>
public sealed record QualityAlertRule
{
    /// <summary>The rule's name, shown in logs and alerts.</summary>
    public required string Name { get; init; }

    /// <summary>The registered scorer whose feedback the rule reads.</summary>
    public required string ScorerName { get; init; }

    /// <summary>The comparison.</summary>
    public required QualityAlertCondition Condition { get; init; }

    /// <summary>The threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>The sliding window (default one hour).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The fewest results in the window before the rule can fire (default 10).</summary>
    public int MinimumCount { get; init; } = 10;
}

/// <summary>A rule that started firing (<see cref="IsFiring"/>) or stopped.</summary>
public sealed record QualityAlert
{
    /// <summary>The rule.</summary>
    public required QualityAlertRule Rule { get; init; }

    /// <summary>Whether the rule now fires; <see langword="false"/> when it has just resolved.</summary>
    public required bool IsFiring { get; init; }

    /// <summary>The observed pass rate or mean.</summary>
    public required double Observed { get; init; }

    /// <summary>How many results the window held.</summary>
    public required int Count { get; init; }

    /// <summary>The experiment.</summary>
    public required string ExperimentId { get; init; }

    /// <summary>When the rule changed state.</summary>
    public required DateTimeOffset Time { get; init; }
}
