using System;

namespace MlflowScorers;

/// <summary>
/// How a started scorer samples production traces: the fraction of traces to score and an optional trace filter in MLflow's
/// <c>search_traces</c> grammar (for example <c>tags.env = 'prod'</c>).
/// </summary>
public sealed record ScorerSamplingConfig
{
    private readonly double? _sampleRate;

    /// <summary>Creates an empty configuration; set the properties with an object initializer.</summary>
    public ScorerSamplingConfig()
    {
    }

    /// <summary>Creates a configuration, as Python's <c>ScorerSamplingConfig(sample_rate=..., filter_string=...)</c>.</summary>
    /// <param name="sampleRate">The fraction of traces to score, from 0 to 1; <see langword="null"/> keeps the current rate on update.</param>
    /// <param name="filterString">A trace filter, or <see langword="null"/> for every trace.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is outside [0, 1] or not a number.</exception>
    public ScorerSamplingConfig(double? sampleRate, string? filterString = null)
    {
        SampleRate = sampleRate;
        FilterString = filterString;
    }

    /// <summary>The fraction of traces to score, from 0 to 1. <see langword="null"/> means "keep the current rate" on update.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1] or not a number.</exception>
    public double? SampleRate
    {
        get => _sampleRate;
        init => _sampleRate = ScorerValidation.SampleRate(value, nameof(SampleRate));
    }

    /// <summary>A trace filter in MLflow's <c>search_traces</c> grammar, or <see langword="null"/> to score every trace.</summary>
    public string? FilterString { get; init; }
}
