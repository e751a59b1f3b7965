using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores.Databricks.Wire;
using MlflowScorers.Transport;

namespace MlflowScorers.Stores.Databricks;

/// <summary>
/// Writes the scheduled-scorer list safely although the service takes only whole-list writes without a version check
/// (DESIGN.md, compatibility rules). Writes from one process are serialized per workspace and experiment, across every client
/// in the process. Each write reads the list,
/// applies the change, reads it again just before the PATCH and rebases the change if the list moved, then reads once more
/// to confirm that the change landed; a change that another writer undid is applied again on top of their list, a bounded
/// number of times, and then reported as <see cref="ScorerWriteConflictException"/>. Entries the write did not touch are
/// sent back exactly as read, unknown fields included. What no client can close without a version check on the service: a
/// writer in another process whose write lands between our last read and our write is overwritten; if it is this SDK, its
/// own check then finds its change missing and writes it again.
/// </summary>
internal sealed class ScorerListWriter
{
    /// <summary>How many times a change is written before a lost race is reported.</summary>
    public const int MaxAttempts = 5;

    private const string UpdateMask = "scheduled_scorers.scorers";
    private static readonly ManagedEvalsJsonContext s_json = ManagedEvalsJsonContext.Default;
    private static readonly Meter s_meter = new(MlflowDiagnostics.SourceName, MlflowDiagnostics.Version);
    private static readonly Counter<long> s_rebases = s_meter.CreateCounter<long>(
        "mlflowscorers.databricks.scorer_list.rebases", description: "Scorer-list writes rebased because another writer changed the list.");

    private static readonly Counter<long> s_rewrites = s_meter.CreateCounter<long>(
        "mlflowscorers.databricks.scorer_list.rewrites", description: "Scorer-list writes repeated because another writer undid them.");

    /// <summary>One gate per workspace and experiment for the whole process; they live as long as the process.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_gates = new(StringComparer.Ordinal);

    private readonly MlflowRestClient _rest;

    public ScorerListWriter(MlflowRestClient rest) => _rest = rest;

    /// <summary>Reads the experiment's list; an experiment without one has an empty list.</summary>
    public async Task<List<ScorerConfigDto>> ReadAsync(string experimentId, CancellationToken cancellationToken)
    {
        var path = ManagedEvalsPaths.ScheduledScorers(experimentId);
        var response = await _rest.GetAsync(path, [], s_json.ScheduledScorersResponse, cancellationToken).ConfigureAwait(false);
        return ScheduledScorerList.Entries(response, path);
    }

    /// <summary>Applies <paramref name="edit"/> to the list and writes it; returns the list read back after the write.</summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="scorerName">The scorer the change is about, for messages.</param>
    /// <param name="edit">Returns the new list from the current one; throws to refuse (nothing is written then).</param>
    /// <param name="landed">Whether a list read after the write holds the change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ScorerWriteConflictException">Other writers undid the change <see cref="MaxAttempts"/> times.</exception>
    public async Task<List<ScorerConfigDto>> WriteAsync(
        string experimentId,
        string scorerName,
        Func<IReadOnlyList<ScorerConfigDto>, List<ScorerConfigDto>> edit,
        Func<IReadOnlyList<ScorerConfigDto>, bool> landed,
        CancellationToken cancellationToken)
    {
        var gate = s_gates.GetOrAdd(_rest.BaseAddress.AbsoluteUri + " " + experimentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await ReadAsync(experimentId, cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var edited = edit(current);
                var latest = await ReadAsync(experimentId, cancellationToken).ConfigureAwait(false);
                if (!ScheduledScorerList.SameList(current, latest))
                {
                    Record(s_rebases, "mlflowscorers.databricks.rebased", experimentId, scorerName, attempt);
                    edited = edit(latest);
                }

                await PatchAsync(experimentId, edited, cancellationToken).ConfigureAwait(false);
                var after = await ReadAsync(experimentId, cancellationToken).ConfigureAwait(false);
                if (landed(after))
                {
                    var changed = ScheduledScorerList.ChangedSince(edited, after, scorerName);
                    if (changed.Count > 0)
                    {
                        // Another writer changed other entries after ours landed: theirs is the newer state, and ours holds.
                        Activity.Current?.AddEvent(new ActivityEvent(
                            "mlflowscorers.databricks.changed_by_other_writer",
                            tags: new ActivityTagsCollection { ["mlflow.scorer.names"] = string.Join(",", changed) }));
                    }

                    return after;
                }

                if (attempt == MaxAttempts)
                {
                    throw new ScorerWriteConflictException(
                        $"The change to scorer '{scorerName}' in experiment {experimentId} was undone by another writer each of the {MaxAttempts} times it was written: the Databricks scheduled-scorer list accepts only whole-list writes without a version check, and another process keeps replacing it. The change is not in the list now. Read the scorer again and retry.")
                    {
                        ScorerName = scorerName,
                        ExperimentId = experimentId,
                    };
                }

                Record(s_rewrites, "mlflowscorers.databricks.rewritten", experimentId, scorerName, attempt);
                current = after;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static void Record(Counter<long> counter, string eventName, string experimentId, string scorerName, int attempt)
    {
        counter.Add(1);
        Activity.Current?.AddEvent(new ActivityEvent(eventName, tags: new ActivityTagsCollection
        {
            ["mlflow.experiment_id"] = experimentId,
            ["mlflow.scorer.name"] = scorerName,
            ["attempt"] = attempt,
        }));
    }

    /// <summary>Replaces the list; an experiment that never had one is created with POST, as the Python client does.</summary>
    private async Task PatchAsync(string experimentId, List<ScorerConfigDto> entries, CancellationToken cancellationToken)
    {
        var path = ManagedEvalsPaths.ScheduledScorers(experimentId);
        var list = new ScheduledScorersDto { Scorers = entries };
        try
        {
            await _rest.SendAsync(
                HttpMethod.Patch, path, new ScheduledScorersRequest(experimentId, list, UpdateMask), s_json.ScheduledScorersRequest,
                s_json.ScheduledScorersResponse, nonIdempotent: false, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode != MlflowErrorCode.EndpointNotFound)
        {
            await _rest.SendAsync(
                HttpMethod.Post, path, new ScheduledScorersRequest(experimentId, list, UpdateMask: null), s_json.ScheduledScorersRequest,
                s_json.ScheduledScorersResponse, nonIdempotent: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
