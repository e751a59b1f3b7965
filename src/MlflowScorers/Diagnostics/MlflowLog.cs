using System;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Diagnostics;

/// <summary>
/// Every log line of the SDK, source-generated. Messages name operations, addresses, counts and error codes, never a
/// header, a token or a request body.
/// </summary>
internal static partial class MlflowLog
{
    /// <summary>The category of HTTP transport lines (retries).</summary>
    public const string TransportCategory = "MlflowScorers.Transport";

    /// <summary>The category of the client's and the stores' lines (detection, handled errors).</summary>
    public const string ClientCategory = "MlflowScorers.Client";

    [LoggerMessage(EventId = MlflowLogEvents.RetryScheduled, Level = LogLevel.Warning,
        Message = "{Method} {Uri} failed on attempt {Attempt} of {MaxAttempts} ({Failure}); retrying in {Delay}.")]
    public static partial void RetryScheduled(
        this ILogger logger, string method, string uri, int attempt, int maxAttempts, string failure, TimeSpan delay);

    [LoggerMessage(EventId = MlflowLogEvents.BackendDetected, Level = LogLevel.Information,
        Message = "Detected {Backend}; server-run scorers can be started: {SupportsServerSampling}.")]
    public static partial void BackendDetected(this ILogger logger, string backend, bool supportsServerSampling);

    [LoggerMessage(EventId = MlflowLogEvents.ServerVersionUnavailable, Level = LogLevel.Warning,
        Message = "The server at {Uri} did not report its MLflow version ({ErrorCode}: {Reason}); going on without it.")]
    public static partial void ServerVersionUnavailable(this ILogger logger, string uri, string errorCode, string reason);

    [LoggerMessage(EventId = MlflowLogEvents.ExperimentCreatedConcurrently, Level = LogLevel.Debug,
        Message = "Experiment '{ExperimentName}' was created by another process first; using its id {ExperimentId}.")]
    public static partial void ExperimentCreatedConcurrently(this ILogger logger, string experimentName, string experimentId);

    [LoggerMessage(EventId = MlflowLogEvents.ScorerAlreadyDeleted, Level = LogLevel.Debug,
        Message = "Scorer '{ScorerName}' in experiment {ExperimentId} was already deleted; nothing to do.")]
    public static partial void ScorerAlreadyDeleted(this ILogger logger, string scorerName, string experimentId);
}
