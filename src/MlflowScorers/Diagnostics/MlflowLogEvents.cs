namespace MlflowScorers.Diagnostics;

/// <summary>
/// The event ids of every log line the SDK writes, in one table so that they stay stable and unique. Ranges: 1xxx
/// transport, 2xxx backend detection, 3xxx handled errors in the client and stores. Tracing uses 4xxx, evaluation under tracing 41xx.
/// </summary>
internal static class MlflowLogEvents
{
    /// <summary>Warning: an HTTP attempt failed and will be retried (attempt, status or error, delay).</summary>
    public const int RetryScheduled = 1001;

    /// <summary>Information: the backend's kind, MLflow version and abilities were detected.</summary>
    public const int BackendDetected = 2001;

    /// <summary>Warning: the server's version could not be read; detection goes on without it.</summary>
    public const int ServerVersionUnavailable = 2002;

    /// <summary>Debug: the experiment named in the settings was created by another process first; its id is used.</summary>
    public const int ExperimentCreatedConcurrently = 3001;

    /// <summary>Debug: a scorer to delete was already gone; the delete succeeds, as in MLflow.</summary>
    public const int ScorerAlreadyDeleted = 3002;

    /// <summary>Warning: spans were dropped because a bound of the tracing pipeline was reached (count, reason).</summary>
    public const int TracingSpansDropped = 4001;

    /// <summary>Error: spans were dropped because their export failed (count, reason, the backend's cause).</summary>
    public const int TracingExportFailed = 4002;

    /// <summary>Warning: the tags, session or user of a trace could not be sent after its spans (count, the backend's cause).</summary>
    public const int TracingTraceUpdateFailed = 4003;

    /// <summary>Warning: a dataset expectation could not be written to its row's trace (name, trace, the backend's cause).</summary>
    public const int EvaluationExpectationNotWritten = 4101;
}
