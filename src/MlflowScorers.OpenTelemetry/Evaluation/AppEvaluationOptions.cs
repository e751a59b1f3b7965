using System;

namespace MlflowScorers;

/// <summary>
/// How <see cref="AppEvaluator"/> runs: the run's name, the root span's name, how long to wait for the traces' export, and
/// (inherited) how many rows at once and where scoring progress goes.
/// </summary>
public sealed class AppEvaluationOptions : EvaluationOptions
{
    private TimeSpan _flushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The MLflow run's name; <c>evaluation-{UTC time}</c> when <see langword="null"/>.</summary>
    public string? RunName { get; set; }

    /// <summary>The name of the span that wraps each call of the application's function, which becomes the trace's name. Default <c>predict</c>.</summary>
    public string RootSpanName { get; set; } = "predict";

    /// <summary>How long to wait for the tracer provider to export the rows' traces before they are read back. Default 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public TimeSpan FlushTimeout
    {
        get => _flushTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _flushTimeout = value;
        }
    }
}
