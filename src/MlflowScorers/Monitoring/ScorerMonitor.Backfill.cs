using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Monitoring.Backfill;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Selection;

namespace MlflowScorers;

public sealed partial class ScorerMonitor
{
    /// <summary>The window a backfill covers when neither start nor end is given, as Python's <c>backfill_scorers</c>.</summary>
    /// <remarks>The same window the Databricks backfill job gets, defined once there.</remarks>
    public static readonly TimeSpan DefaultBackfillWindow = Databricks.Backfill.DatabricksBackfill.DefaultWindow;

    /// <summary>Backfills registered scorers at their registered sample rates, as Python's <c>backfill_scorers(scorers=[names])</c>.</summary>
    /// <param name="scorerNames">Registered scorer names.</param>
    /// <param name="start">The window's start; without start and end, the last 7 days.</param>
    /// <param name="end">The window's end (default now).</param>
    /// <param name="experimentId">The experiment; default the first watched one, else the client's active one.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancellationToken">Cancels the backfill; what was written stays, and a re-run skips it.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">No names, an empty name, or start after end.</exception>
    /// <exception cref="MlflowException">A name is not registered in the experiment, or a .NET-hosted one cannot run in this process.</exception>
    public Task<BackfillResult> BackfillAsync(
        IEnumerable<string> scorerNames, DateTimeOffset? start = null, DateTimeOffset? end = null, string? experimentId = null,
        IProgress<BackfillProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorerNames);
        var names = scorerNames.ToList();
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Scorer names must not be empty.", nameof(scorerNames));
        }

        return BackfillCoreAsync(names.Select(n => KeyValuePair.Create(n, (double?)null)).ToList(), start, end, experimentId, progress, cancellationToken);
    }

    /// <summary>
    /// Backfills scorers with optional sample-rate overrides, as Python's <c>backfill_scorers(scorers=[BackfillScorerConfig(...)])</c>:
    /// the same selection (window, evaluation-run traces skipped, filter strings, deterministic sampling) and write path as the
    /// live monitor, so a re-run writes nothing new. .NET-hosted scorers run here; server-run scorers go to the backend's own
    /// backfill job where one is available.
    /// </summary>
    /// <param name="scorers">The scorers and rates.</param>
    /// <param name="start">The window's start; without start and end, the last 7 days.</param>
    /// <param name="end">The window's end (default now).</param>
    /// <param name="experimentId">The experiment; default the first watched one, else the client's active one.</param>
    /// <param name="progress">Receives progress after every batch.</param>
    /// <param name="cancellationToken">Cancels the backfill; what was written stays, and a re-run skips it.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">No scorers, or start after end.</exception>
    /// <exception cref="MlflowException">A scorer is not registered in the experiment, or a .NET-hosted one cannot run in this process.</exception>
    public Task<BackfillResult> BackfillAsync(
        IEnumerable<BackfillScorerConfig> scorers, DateTimeOffset? start = null, DateTimeOffset? end = null, string? experimentId = null,
        IProgress<BackfillProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        return BackfillCoreAsync(scorers.Select(c => KeyValuePair.Create(c.Scorer.Name, c.SampleRate)).ToList(), start, end, experimentId, progress, cancellationToken);
    }

    private async Task<BackfillResult> BackfillCoreAsync(
        List<KeyValuePair<string, double?>> requested, DateTimeOffset? start, DateTimeOffset? end, string? experimentId,
        IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        if (requested.Count == 0)
        {
            throw new ArgumentException("Name at least one scorer to backfill.", nameof(requested));
        }

        var until = end ?? _time.GetUtcNow();
        var from = start ?? until - DefaultBackfillWindow;
        if (from > until)
        {
            throw new ArgumentException($"The backfill start {from:O} is after its end {until:O}.", nameof(start));
        }

        experimentId ??= _experimentIds.Length > 0 ? _experimentIds[0] : await _activeExperiment(cancellationToken).ConfigureAwait(false);
        var experiment = await _backend.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var hosted = HostedScorers.FromTags(experiment);
        var runnable = _resolver.Resolve(experiment, includeStopped: true).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var local = new List<MonitoredScorer>();
        var server = new List<KeyValuePair<string, double?>>();
        foreach (var (name, rate) in requested)
        {
            if (!hosted.ContainsKey(name))
            {
                server.Add(KeyValuePair.Create(name, rate));
            }
            else if (runnable.TryGetValue(name, out var scorer))
            {
                local.Add(rate is { } overridden ? scorer with { SampleRate = overridden } : scorer);
            }
            else
            {
                throw new MlflowException($"Scorer '{name}' is .NET-hosted in experiment {experimentId} but cannot run in this process: supply its implementation in ScorerMonitorOptions.Scorers (or a JudgeRuntime for a judge).");
            }
        }

        if (server.Count > 0 && ServerBackfillRoute is null)
        {
            throw new MlflowException(
                $"Scheduled scorer '{server[0].Key}' not found in experiment '{experimentId}'. Available scorers: [{string.Join(", ", hosted.Keys.Select(k => $"'{k}'"))}]");
        }

        var counts = new MonitorCounts();
        var processed = 0;
        var fromMs = from.ToUnixTimeMilliseconds();
        var untilMs = until.ToUnixTimeMilliseconds();
        if (local.Count > 0)
        {
            // Count first, so progress has a total; the window is read again by the same selection as the live monitor.
            var traceScorers = local.Where(s => !s.IsSessionLevel).ToList();
            var sessionScorers = local.Where(s => s.IsSessionLevel).ToList();
            var traces = traceScorers.Count == 0 ? [] : await ToListAsync(TraceCandidatesAsync(experimentId, traceScorers, fromMs, untilMs, cancellationToken)).ConfigureAwait(false);
            var sessions = sessionScorers.Count == 0 ? [] : await ToListAsync(SessionCandidatesAsync(experimentId, sessionScorers, fromMs, untilMs, static _ => true, cancellationToken)).ConfigureAwait(false);
            var total = traces.Count + sessions.Count;
            progress?.Report(new BackfillProgress(0, total));
            void Advance(int n)
            {
                // Counted whether or not anyone listens: BackfillResult.Processed is this count.
                var done = Interlocked.Add(ref processed, n);
                progress?.Report(new BackfillProgress(done, total));
            }
            foreach (var candidates in new[] { traces, sessions }.Where(c => c.Count > 0))
            {
                await RunPipelineAsync(experimentId, candidates.ToAsyncEnumerable(), null, _tags.TraceCheckpoint, [], counts, Advance, CancellationToken.None, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        else
        {
            progress?.Report(new BackfillProgress(0, 0));
        }

        var outcome = server.Count == 0
            ? null
            : await ServerBackfillRoute!.BackfillAsync(
                new ServerBackfillRequest(experimentId, server, from, until, (scorers, ct) => SelectTracesAsync(experimentId, scorers, fromMs, untilMs, ct)),
                cancellationToken).ConfigureAwait(false);
        if (outcome is not null && local.Count == 0)
        {
            progress?.Report(new BackfillProgress(outcome.Processed, outcome.Processed));
        }

        return new BackfillResult
        {
            ExperimentId = experimentId,
            Start = from,
            End = until,
            Processed = Math.Max(processed, outcome?.Processed ?? 0),
            Sampled = Math.Max(counts.Sampled, outcome?.Sampled ?? 0),
            FeedbackWritten = counts.Written + (outcome?.FeedbackWritten ?? 0),
            FeedbackAlreadyPresent = counts.Present + (outcome?.FeedbackAlreadyPresent ?? 0),
            ScorerErrors = counts.Errors,
            JudgeTokens = counts.Tokens,
            TracesUnreadable = counts.Unreadable,
            ServerJobIds = outcome?.JobIds ?? [],
            ServerFailures = outcome?.Failures ?? [],
        };
    }

    private static async Task<List<Candidate>> ToListAsync(IAsyncEnumerable<Candidate> candidates)
    {
        var list = new List<Candidate>();
        await foreach (var candidate in candidates.ConfigureAwait(false))
        {
            list.Add(candidate);
        }

        return list;
    }
}
