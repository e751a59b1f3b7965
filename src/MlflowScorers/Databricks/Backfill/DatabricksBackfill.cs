using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Databricks.Jobs;
using MlflowScorers.Stores.Databricks;

namespace MlflowScorers.Databricks.Backfill;

/// <summary>
/// Backfills server-run (scheduled) scorers on a Databricks workspace with the managed-evals backfill job (spec §8.2), as
/// Python's <c>backfill_scorers</c>: the names are checked against the experiment's scheduled scorers (a name without an
/// override uses its registered sample rate), the experiment's first monitor gives the endpoint name, and one POST starts
/// the job. Thread-safe; it holds no state of its own.
/// </summary>
internal sealed class DatabricksBackfill
{
    /// <summary>The window a backfill covers when neither start nor end is given, as Python's <c>backfill_scorers</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    private static readonly BackfillJsonContext s_json = BackfillJsonContext.Default;
    private readonly DatabricksScorerStore _store;
    private readonly TimeProvider _time;

    /// <param name="store">The workspace's store: its REST client (with the workspace's auth) and its scheduled-scorer reads.</param>
    /// <param name="timeProvider">The clock for the default window.</param>
    public DatabricksBackfill(DatabricksScorerStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
    }

    /// <summary>Starts a backfill job and returns its id; the job runs on the workspace.</summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="scorers">Scheduled scorer names, each with an override rate (0 to 1) or <see langword="null"/> for the registered rate.</param>
    /// <param name="start">The window's start; without start and end, the last 7 days.</param>
    /// <param name="end">The window's end (default now).</param>
    /// <param name="cancellationToken">Cancels the calls (a job already started continues).</param>
    /// <returns>The job id.</returns>
    /// <exception cref="ArgumentException">No scorers, an empty or repeated name, a rate outside 0 to 1, or start after end; nothing is sent.</exception>
    /// <exception cref="MlflowException">A name is not a scheduled scorer of the experiment (the message lists those there are), the experiment has no monitor, or a reply has an unexpected shape.</exception>
    /// <exception cref="MlflowApiException">The workspace answered with an error.</exception>
    public async Task<string> StartBackfillAsync(
        string experimentId,
        IReadOnlyList<KeyValuePair<string, double?>> scorers,
        DateTimeOffset? start,
        DateTimeOffset? end,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        CheckScorers(scorers);
        var until = end ?? _time.GetUtcNow();
        var from = start ?? until - DefaultWindow;
        if (from > until)
        {
            throw new ArgumentException($"The backfill start {from:O} is after its end {until:O}.", nameof(start));
        }

        var registered = await _store.ReadScheduledScorersAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var rates = new List<ScorerSampleRateDto>(scorers.Count);
        foreach (var (name, rate) in scorers)
        {
            var entry = ScheduledScorerList.Find(registered, name)
                ?? throw new MlflowException(
                    $"Scheduled scorer '{name}' not found in experiment '{experimentId}'. Available scorers: [{string.Join(", ", registered.Select(e => $"'{e.Name}'"))}]");

            // A missing sample_rate is 0: the service leaves default values out of its JSON.
            rates.Add(new ScorerSampleRateDto(name, rate ?? entry.SampleRate ?? 0.0));
        }

        var endpointName = await FirstMonitorEndpointAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var path = ManagedEvalsPaths.Backfill(experimentId);
        var response = await _store.Rest.SendAsync(
            HttpMethod.Post,
            path,
            new BackfillRequest(experimentId, endpointName, rates, from.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), TraceIds: null),
            s_json.BackfillRequest,
            s_json.JobResponse,
            nonIdempotent: true,
            cancellationToken).ConfigureAwait(false);
        return ManagedEvalsJobs.JobId(response, "POST", path);
    }

    /// <summary>Cancels a backfill job and releases what it holds, as Python's <c>cleanup_metric_backfill</c>.</summary>
    /// <param name="experimentId">The experiment the job backfills.</param>
    /// <param name="jobId">The job id <see cref="StartBackfillAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the workspace has accepted the cancellation.</returns>
    /// <exception cref="MlflowApiException">The workspace answered with an error, for example an unknown job.</exception>
    public async Task CancelBackfillAsync(string experimentId, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await _store.Rest.DeleteAsync(ManagedEvalsPaths.BackfillJob(experimentId, jobId), s_json.JobResponse, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckScorers(IReadOnlyList<KeyValuePair<string, double?>> scorers)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        if (scorers.Count == 0)
        {
            throw new ArgumentException("Name at least one scheduled scorer to backfill.", nameof(scorers));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, rate) in scorers)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Scorer names to backfill must not be empty.", nameof(scorers));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Scorer '{name}' is named twice; a backfill takes each scorer once.", nameof(scorers));
            }

            if (rate is < 0.0 or > 1.0 || (rate is { } r && double.IsNaN(r)))
            {
                throw new ArgumentException(
                    $"The backfill sample rate {rate.Value.ToString(CultureInfo.InvariantCulture)} of scorer '{name}' must be between 0 and 1.", nameof(scorers));
            }
        }
    }

    /// <summary>The endpoint name of the experiment's first monitor, which the backfill call needs.</summary>
    private async Task<string> FirstMonitorEndpointAsync(string experimentId, CancellationToken cancellationToken)
    {
        var path = ManagedEvalsPaths.Monitors;
        var response = await _store.Rest.SendAsync(
            HttpMethod.Post,
            path,
            new ListMonitorsRequest(experimentId),
            s_json.ListMonitorsRequest,
            s_json.ListMonitorsResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
        if (response.MonitorInfos is not [var first, ..])
        {
            throw new MlflowException(
                $"No monitors found for experiment_id '{experimentId}': a Databricks backfill runs through the experiment's monitor, and this experiment has none.");
        }

        return string.IsNullOrEmpty(first.EndpointName)
            ? throw new MlflowException(
                $"The reply of POST {path} has a monitor without 'endpoint_name': {System.Text.Json.JsonSerializer.Serialize(first, s_json.MonitorInfoDto)}. The managed-evals service may have changed its response shape.")
            : first.EndpointName;
    }
}
