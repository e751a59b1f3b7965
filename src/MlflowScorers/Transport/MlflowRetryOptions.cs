using System;

namespace MlflowScorers;

/// <summary>
/// How the SDK retries failed HTTP calls to an MLflow server and how long it waits. Mutable so that configuration binding
/// works; the client takes a frozen copy when it is constructed, so later changes do not affect it.
/// </summary>
public sealed class MlflowRetryOptions
{
    private int _maxRetries = 3;
    private TimeSpan _baseDelay = TimeSpan.FromMilliseconds(500);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(30);
    private TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(60);
    private TimeSpan _attemptTimeout = TimeSpan.FromSeconds(100);
    private TimeSpan _totalTimeout = TimeSpan.FromMinutes(5);
    private bool _frozen;

    /// <summary>
    /// How many times a failed call is retried after the first attempt, 0 to 20. The default is 3, so with the default delays an
    /// unreachable server fails the call within about 2 to 4 seconds, with an <see cref="MlflowConnectionException"/>.
    /// </summary>
    public int MaxRetries
    {
        get => _maxRetries;
        set => _maxRetries = Set(value);
    }

    /// <summary>
    /// The first back-off delay; later delays double. Each wait is jittered to between half and all of its value, so clients
    /// that failed together do not retry together. The default is 500 milliseconds.
    /// </summary>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set => _baseDelay = Set(value);
    }

    /// <summary>The longest back-off delay between two attempts. The default is 30 seconds.</summary>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = Set(value);
    }

    /// <summary>The longest wait the SDK accepts from a server's <c>Retry-After</c> header; longer requests are capped. The default is 60 seconds.</summary>
    public TimeSpan MaxRetryAfter
    {
        get => _maxRetryAfter;
        set => _maxRetryAfter = Set(value);
    }

    /// <summary>How long one attempt may take before it is abandoned (and retried). The default is 100 seconds.</summary>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout;
        set => _attemptTimeout = Set(value);
    }

    /// <summary>How long a call may take in all, retries and waits included. The default is 5 minutes.</summary>
    public TimeSpan TotalTimeout
    {
        get => _totalTimeout;
        set => _totalTimeout = Set(value);
    }

    /// <summary>Checks the values and returns a validated copy that can no longer be changed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its allowed range.</exception>
    internal MlflowRetryOptions Freeze()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 20, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDelay, TimeSpan.FromHours(1), nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetryAfter, TimeSpan.FromHours(1), nameof(MaxRetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalTimeout, AttemptTimeout, nameof(TotalTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TotalTimeout, TimeSpan.FromHours(12), nameof(TotalTimeout));

        return new MlflowRetryOptions
        {
            MaxRetries = MaxRetries,
            BaseDelay = BaseDelay,
            MaxDelay = MaxDelay,
            MaxRetryAfter = MaxRetryAfter,
            AttemptTimeout = AttemptTimeout,
            TotalTimeout = TotalTimeout,
            _frozen = true,
        };
    }

    private T Set<T>(T value) => _frozen
        ? throw new InvalidOperationException("These retry options belong to a client and can no longer be changed.")
        : value;
}
