using System;
using System.Net;
using System.Net.Http;

namespace MlflowScorers.Judges;

/// <summary>A judge endpoint answered with an error status; carries the server's <c>Retry-After</c> delay when it sent one.</summary>
internal sealed class JudgeHttpException(string message, HttpStatusCode statusCode, TimeSpan? retryAfter)
    : HttpRequestException(message, null, statusCode)
{
    /// <summary>How long the server asked the client to wait before retrying.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
