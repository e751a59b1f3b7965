using System;

namespace MlflowScorers;

/// <summary>
/// How <see cref="AppEvaluator"/> runs: the run's name, the root span's name, how long to wait for the traces' export, and
/// (inherited) how many rows at once and where scoring progress goes.
/// </summary>
public sealed class AppEvaluationOptions : EvaluationOptions
{
    private TimeSpan _flushTimeout = TimeSpan.FromSeconds(30);
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The MLflow run's name; <c>evaluation-{UTC time}</c> when <see langword="null"/>.</summary>
    public string? RunName { get; set; }

    /// <summary>The name of the span that wraps each call of the application's function, which becomes the trace's name. Default <c>predict</c>.</summary>
    public string RootSpanName { get; set; } = "predict";

    /// <summary>
    /// How long to wait for the tracer provider to export the rows' traces and for the store to show them; a trace still not
    /// readable then gives its row <see cref="AppEvaluator.TraceNotFoundErrorCode"/>. Default 30 seconds.
    /// </summary>
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

    /// <summary>The clock for waiting on the store after the flush. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">Set to <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
