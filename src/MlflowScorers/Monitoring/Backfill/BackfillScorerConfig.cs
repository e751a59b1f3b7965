using System;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>
/// A scorer to backfill and, optionally, the sample rate to use instead of its registered one, as Python's
/// <c>BackfillScorerConfig(scorer, sample_rate)</c>.
/// </summary>
public sealed record BackfillScorerConfig
{
    /// <summary>Creates a config.</summary>
    /// <param name="scorer">The registered scorer (its name is what counts).</param>
    /// <param name="sampleRate">The rate for this backfill; <see langword="null"/> for the registered rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside 0 to 1.</exception>
    [SetsRequiredMembers]
    public BackfillScorerConfig(Scorer scorer, double? sampleRate = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        Scorer = scorer;
        SampleRate = sampleRate;
    }

    /// <summary>The registered scorer.</summary>
    public required Scorer Scorer { get; init; }

    /// <summary>The sample rate for this backfill, 0 to 1; <see langword="null"/> for the registered rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside 0 to 1.</exception>
    public double? SampleRate
    {
        get;
        init => field = value is null or (>= 0.0 and <= 1.0)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SampleRate), value, "A backfill sample rate must be between 0 and 1.");
    }
}
