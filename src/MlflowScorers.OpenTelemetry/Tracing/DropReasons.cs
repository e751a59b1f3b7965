namespace MlflowScorers.Tracing;

/// <summary>The <c>reason</c> tag values of the dropped-spans counter, and what each means in a log line.</summary>
internal static class DropReasons
{
    /// <summary>The export queue was full.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>The export failed or threw.</summary>
    public const string ExportFailed = "export_failed";

    /// <summary>The experiment could not be resolved (a name that could not be looked up or created).</summary>
    public const string ExperimentUnavailable = "experiment_unavailable";

    /// <summary>Local mode: too many spans were waiting for their root span.</summary>
    public const string BufferFull = "buffer_full";

    /// <summary>Local mode: the root span had not ended at shutdown.</summary>
    public const string Incomplete = "incomplete_trace";

    /// <summary>Not a drop: a trace's update (tags, session, user) could not be sent after its spans.</summary>
    public const string TraceUpdateFailed = "trace_update_failed";

    /// <summary>Whether the reason is a failure with a cause (logged as an error), not a bound that was reached.</summary>
    public static bool IsFailure(string reason) => reason is ExportFailed or ExperimentUnavailable;

    /// <summary>What to do about a bound that was reached.</summary>
    public static string Explain(string reason) => reason switch
    {
        QueueFull => "The export queue (MaxQueueSize) was full; raise MaxQueueSize or lower the span rate.",
        BufferFull => "Too many spans (MaxQueueSize) were waiting for their root span to end.",
        Incomplete => "Their root span had not ended when the tracer provider shut down.",
        _ => string.Empty,
    };
}
