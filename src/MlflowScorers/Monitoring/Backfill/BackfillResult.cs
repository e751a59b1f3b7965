using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>The summary of a backfill.</summary>
public sealed record BackfillResult
{
    /// <summary>The experiment.</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The window's start.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The window's end.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Traces and complete sessions in the window.</summary>
    public required int Processed { get; init; }

    /// <summary>Of those, how many got at least one scorer.</summary>
    public required int Sampled { get; init; }

    /// <summary>Feedback written.</summary>
    public required int FeedbackWritten { get; init; }

    /// <summary>Feedback already there (an earlier backfill or the live monitor wrote it), so not written again.</summary>
    public required int FeedbackAlreadyPresent { get; init; }

    /// <summary>Scorer runs that gave error feedback.</summary>
    public required int ScorerErrors { get; init; }

    /// <summary>Selected traces the backend did not return (deleted, or stored without spans, which MLflow 3.11 cannot read): skipped, logged and counted.</summary>
    public int TracesUnreadable { get; init; }

    /// <summary>Judge tokens used.</summary>
    public required long JudgeTokens { get; init; }

    /// <summary>The backend job ids of server-run scorers backfilled by the backend itself; empty when none.</summary>
    public IReadOnlyList<string> ServerJobIds { get; init; } = [];

    /// <summary>What the backend's own jobs could not score (each also logged and counted); empty when none.</summary>
    public IReadOnlyList<ServerBackfillFailure> ServerFailures { get; init; } = [];
}
