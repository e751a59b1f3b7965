using System;

namespace MlflowScorers.Transport;

/// <summary>Back-off between attempts.</summary>
internal static class RetryDelays
{
    /// <summary>
    /// Exponential back-off with "equal jitter": the <paramref name="retry"/>-th retry (0 for the first) waits between half
    /// and all of <c>baseDelay × 2^retry</c>, capped at <paramref name="maxDelay"/>; <paramref name="random"/> in [0, 1) picks
    /// the point, so clients that failed together do not retry together.
    /// </summary>
    public static TimeSpan Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int retry, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var ceiling = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * random));
    }
}
