using System;
using System.Net;
using System.Net.Http;
using Polly;
using Polly.Timeout;

namespace MlflowScorers.Transport;

/// <summary>Which outcomes of one attempt are worth another attempt.</summary>
internal static class TransientFailures
{
    /// <summary>Whether an idempotent request should be retried: 408, 429, 500, 502, 503, 504, network failures and attempt timeouts.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode is 408 or 429 or 500 or 502 or 503 or 504,
        _ => false,
    };

    /// <summary>
    /// Whether a non-idempotent request should be retried: only when it cannot have been processed, that is a failure to
    /// connect, or the server turning it away with 429 or 503.
    /// </summary>
    public static bool IsSafeToResend(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException ex } => ex.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable,
        _ => false,
    };

    /// <summary>The server's <c>Retry-After</c> wait (delta seconds or an HTTP date), capped; <see langword="null"/> when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };

        if (wait is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }
}
