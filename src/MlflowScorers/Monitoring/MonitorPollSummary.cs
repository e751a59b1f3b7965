namespace MlflowScorers;

/// <summary>What one poll of a <see cref="ScorerMonitor"/> did, over all its experiments.</summary>
public sealed record MonitorPollSummary
{
    /// <summary>Traces (and completed sessions) read in the windows of the partitions this monitor holds.</summary>
    public required int TracesSeen { get; init; }

    /// <summary>Traces and sessions that got at least one scorer.</summary>
    public required int Sampled { get; init; }

    /// <summary>Scorer runs.</summary>
    public required int ScorerRuns { get; init; }

    /// <summary>Scorer runs that gave error feedback (a scorer that threw, a judge that failed).</summary>
    public required int ScorerErrors { get; init; }

    /// <summary>Feedback written.</summary>
    public required int FeedbackWritten { get; init; }

    /// <summary>Feedback not written because the same (trace, scorer, version) feedback was already there.</summary>
    public required int FeedbackAlreadyPresent { get; init; }

    /// <summary>Judge tokens used (input plus output, as the endpoints reported them).</summary>
    public required long JudgeTokens { get; init; }

    /// <summary>The experiment partitions this monitor held during the poll, summed over experiments.</summary>
    public required int PartitionsHeld { get; init; }

    /// <summary>
    /// Selected traces the backend did not return (deleted after the search, or stored without spans, which MLflow 3.11 cannot
    /// read): skipped, logged and counted, and the checkpoint moves past them.
    /// </summary>
    public int TracesUnreadable { get; init; }
}
