namespace MlflowScorers;

/// <summary>Limits on one scorer, for expensive judges. Unset values mean no limit beyond the monitor's own.</summary>
public sealed record ScorerLimits
{
    /// <summary>The most runs of this scorer at once.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>The most runs started per minute; further runs wait.</summary>
    public int? RunsPerMinute { get; init; }

    /// <summary>The most judge tokens (input plus output) per hour; once spent, further runs wait for the hour to move on.</summary>
    public long? TokensPerHour { get; init; }
}
