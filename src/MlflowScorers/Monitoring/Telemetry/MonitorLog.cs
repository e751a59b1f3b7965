using System;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Monitoring.Telemetry;

/// <summary>The monitor's log events.</summary>
internal static partial class MonitorLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Scorer '{ScorerName}' version {Version} is started in experiment {ExperimentId} but cannot run in this process: {Reason}. Its traces are left to a process that can run it.")]
    public static partial void ScorerNotRunnable(ILogger logger, string experimentId, string scorerName, int version, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Monitor poll of experiment {ExperimentId} failed; it is retried next poll from the last checkpoint.")]
    public static partial void PollFailed(ILogger logger, string experimentId, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Writing feedback '{ScorerName}' on trace {TraceId} failed (attempt {Attempt}); retrying after checking it did not land.")]
    public static partial void WriteRetry(ILogger logger, string scorerName, string traceId, int attempt, Exception exception);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Scorer '{ScorerName}' gave error feedback on {TraceId}: {ErrorCode} {ErrorMessage}")]
    public static partial void ScorerFailed(ILogger logger, string scorerName, string traceId, string? errorCode, string? errorMessage);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Quality alert '{RuleName}' on scorer '{ScorerName}' fired: {Observed} over {Count} results ({Description}).")]
    public static partial void AlertFired(ILogger logger, string ruleName, string scorerName, double observed, int count, string description);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Quality alert '{RuleName}' on scorer '{ScorerName}' resolved: {Observed} over {Count} results.")]
    public static partial void AlertResolved(ILogger logger, string ruleName, string scorerName, double observed, int count);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Error, Message = "The alert callback for rule '{RuleName}' threw.")]
    public static partial void AlertCallbackFailed(ILogger logger, string ruleName, Exception exception);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "Monitor {InstanceId} holds partitions [{Partitions}] of experiment {ExperimentId}.")]
    public static partial void PartitionsChanged(ILogger logger, string instanceId, string experimentId, string partitions);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Warning, Message = "Monitor {InstanceId} lost the lease of partition {Partition} in experiment {ExperimentId} mid-batch; its traces are left to the new holder.")]
    public static partial void LeaseLost(ILogger logger, string instanceId, string experimentId, int partition);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Shutdown did not finish the in-flight batch within {Timeout}; it is handed back unfinished and will be scored from the last checkpoint.")]
    public static partial void ShutdownHandedBack(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Session id '{SessionId}' in experiment {ExperimentId} contains a quote and cannot be searched; the session is not scored.")]
    public static partial void SessionIdUnsearchable(ILogger logger, string experimentId, string sessionId);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Trace {TraceId} in experiment {ExperimentId} was selected but the backend did not return it (deleted, or stored without spans, which MLflow 3.11 cannot read); it is skipped and the checkpoint moves past it.")]
    public static partial void TraceUnreadable(ILogger logger, string experimentId, string traceId);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Server backfill job {JobId} of scorer '{ScorerName}' in experiment {ExperimentId} could not score trace {TraceId}: {ErrorCode} {Message}")]
    public static partial void ServerBackfillFailed(ILogger logger, string experimentId, string scorerName, string jobId, string traceId, string errorCode, string message);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Writing a batch of {Count} feedback failed (attempt {Attempt}); retrying (feedback that landed is skipped).")]
    public static partial void BatchWriteRetry(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Warning, Message = "The backend refused a batch of {Count} feedback (nothing of it was kept); writing them one by one instead.")]
    public static partial void BatchWriteRefused(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1316, Level = LogLevel.Warning, Message = "The backend refused feedback '{ScorerName}' on trace {TraceId} for good ({Reason}); it is not retried.")]
    public static partial void FeedbackRefused(ILogger logger, string scorerName, string traceId, string reason);
}
