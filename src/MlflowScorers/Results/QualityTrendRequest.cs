using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>Which feedback a quality trend summarises.</summary>
public sealed record QualityTrendRequest
{
    /// <summary>The experiment; defaults to the active experiment.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The start of the time range (inclusive), by trace time.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The end of the time range (exclusive), by trace time.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The bucket width (default one hour).</summary>
    public TrendBucket Bucket { get; init; } = TrendBucket.Hour;

    /// <summary>Only these feedback names (scorer names); <see langword="null"/> for all.</summary>
    public IReadOnlyList<string>? ScorerNames { get; init; }
}
