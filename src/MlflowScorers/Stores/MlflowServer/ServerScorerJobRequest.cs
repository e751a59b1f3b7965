using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>A judge to run on the server over chosen traces; see <see cref="IServerScorerJobs"/>.</summary>
/// <param name="ExperimentId">The experiment the traces belong to.</param>
/// <param name="SerializedScorer">The judge as MLflow's <c>serialized_scorer</c> JSON (a registered version's payload).</param>
/// <param name="TraceIds">The traces to score; at least one.</param>
internal sealed record ServerScorerJobRequest(string ExperimentId, string SerializedScorer, IReadOnlyList<string> TraceIds)
{
    /// <summary>The version from which MLflow servers have the scorer job route.</summary>
    public static readonly Version MinimumServerVersion = new(3, 11);

    /// <summary>Whether the server writes the feedback to the traces (default <see langword="true"/>, as a backfill needs).</summary>
    public bool LogAssessments { get; init; } = true;

    /// <summary>The wait between two polls of a job that has not ended (default one second).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for all jobs to end; <see langword="null"/> (the default) waits until the token is cancelled.</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>Checks the request before any I/O.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ExperimentId, nameof(ExperimentId));
        ArgumentException.ThrowIfNullOrWhiteSpace(SerializedScorer, nameof(SerializedScorer));
        ArgumentNullException.ThrowIfNull(TraceIds, nameof(TraceIds));
        if (TraceIds.Count == 0 || TraceIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A server scorer job needs at least one trace id, and no id may be empty.", nameof(TraceIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        if (MaxWait is { } maxWait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWait, TimeSpan.Zero, nameof(MaxWait));
        }
    }
}
