using System;

namespace MlflowScorers;

/// <summary>One scorer's feedback in one time bucket.</summary>
public sealed record QualityTrendPoint
{
    /// <summary>The scorer (feedback) name.</summary>
    public required string ScorerName { get; init; }

    /// <summary>The start of the bucket, in UTC.</summary>
    public required DateTimeOffset BucketStart { get; init; }

    /// <summary>How many feedback assessments the bucket holds, errors included.</summary>
    public int Count { get; init; }

    /// <summary>How many feedback assessments carry an error instead of a value.</summary>
    public int ErrorCount { get; init; }

    /// <summary>How many values were yes/no (or true/false).</summary>
    public int PassFailCount { get; init; }

    /// <summary>The share of yes (or true) among yes/no values; <see langword="null"/> when there were none.</summary>
    public double? PassRate { get; init; }

    /// <summary>How many values were numbers.</summary>
    public int NumericCount { get; init; }

    /// <summary>The mean of the numeric values; <see langword="null"/> when there were none.</summary>
    public double? Mean { get; init; }

    /// <summary>The smallest numeric value; <see langword="null"/> when there were none.</summary>
    public double? Min { get; init; }

    /// <summary>The largest numeric value; <see langword="null"/> when there were none.</summary>
    public double? Max { get; init; }

    /// <summary>The 90th percentile of the numeric values (linear interpolation); <see langword="null"/> when there were none.</summary>
    public double? P90 { get; init; }
}
