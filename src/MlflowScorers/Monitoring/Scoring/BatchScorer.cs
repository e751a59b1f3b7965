using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Alerts;
using MlflowScorers.Monitoring.Telemetry;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>
/// Scores one batch and writes its feedback exactly once. In order: confirm the leases of the batch's partitions; fetch
/// the traces (their assessments show what is already written, so nothing is scored twice); run the scorers within the
/// limits; confirm the leases again; write what is missing, with the idempotency key in metadata. On the local store the
/// whole batch is one transaction that checks the keys itself. Elsewhere each feedback is written on its own, checked
/// against the keys as fetched when the fetch is fresh (the lease was held throughout, and it is under a second old) or
/// else re-read just before writing; a failed write is retried only after checking it did not land.
/// </summary>
internal sealed class BatchScorer
{
    private const int IdsPerCall = 100;

    private readonly IMonitorBackend _backend;
    private readonly ScorerRunner _runner;
    private readonly ScoringLimiter _limiter;
    private readonly QualityAlertEvaluator _alerts;
    private readonly MonitorTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly int _maxConcurrency;
    private readonly int _maxWriteAttempts;
    private readonly TimeSpan _writeRetryDelay;
    private readonly TimeSpan _freshFor;

    /// <summary>Creates the scorer of batches; <paramref name="freshFor"/> is how long fetched assessments stand for the current ones in a leased batch (under half the lease duration).</summary>
    public BatchScorer(
        IMonitorBackend backend, ScorerRunner runner, ScoringLimiter limiter, QualityAlertEvaluator alerts, MonitorTelemetry telemetry,
        TimeProvider time, int maxConcurrency, int maxWriteAttempts, TimeSpan writeRetryDelay, TimeSpan freshFor)
    {
        _freshFor = freshFor;
        _backend = backend;
        _runner = runner;
        _limiter = limiter;
        _alerts = alerts;
        _telemetry = telemetry;
        _time = time;
        _maxConcurrency = maxConcurrency;
        _maxWriteAttempts = maxWriteAttempts;
        _writeRetryDelay = writeRetryDelay;
    }

    /// <summary>Scores the items; returns the partitions whose lease was lost (their items were left alone).</summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="items">The selected traces or sessions.</param>
    /// <param name="counts">Where to count.</param>
    /// <param name="confirm">Re-reads the leases and returns the partitions still held; <see langword="null"/> when not leased (backfill).</param>
    /// <param name="cancellationToken">Cancels the batch; nothing after the last completed write is kept.</param>
    public async Task<IReadOnlySet<int>> RunAsync(
        string experimentId,
        IReadOnlyList<WorkItem> items,
        MonitorCounts counts,
        Func<IEnumerable<int>, CancellationToken, Task<IReadOnlySet<int>>>? confirm,
        CancellationToken cancellationToken)
    {
        var lost = new HashSet<int>();
        if (items.Count == 0)
        {
            return lost;
        }

        using var activity = MonitorTelemetry.StartBatch(experimentId, items.Count);
        items = await KeepHeldAsync(experimentId, items, confirm, lost, cancellationToken).ConfigureAwait(false);
        var fetched = _time.GetTimestamp();
        var traces = await FetchAsync(items.Where(i => i.TraceId is not null).Select(i => i.TraceId!), cancellationToken).ConfigureAwait(false);
        var existing = ExistingKeys(traces.Values.Concat(items.Where(i => i.Session is not null).Select(i => i.Session![0])));

        var runs = new List<(WorkItem Item, MonitoredScorer Scorer, ScorerContext Context)>();
        foreach (var item in items)
        {
            ScorerContext? context = item.Session is { } session
                ? new ScorerContext { Trace = session[0], Session = session }
                : traces.TryGetValue(item.TraceId!, out var trace) ? ScorerContext.FromTrace(trace) : null;
            if (context is null)
            {
                // Selected but not returned: deleted after the search, or unreadable (an MLflow 3.11 trace stored without spans
                // answers 500, and the store leaves it out, Errata 26). Skipped, logged and counted; the checkpoint moves past it.
                counts.AddUnreadable();
                _telemetry.TraceUnreadable(experimentId, item.EntityId);
                continue;
            }

            foreach (var scorer in item.Scorers)
            {
                if (IsComplete(existing, scorer, item.EntityId))
                {
                    counts.AddPresent();
                    _telemetry.AlreadyPresent(scorer.Name);
                }
                else
                {
                    runs.Add((item, scorer, context));
                }
            }
        }

        var results = new ConcurrentBag<(WorkItem Item, MonitoredScorer Scorer, IReadOnlyList<Feedback> Feedback)>();
        await Task.WhenAll(runs.GroupBy(r => r.Scorer.Name, StringComparer.Ordinal).Select(async group =>
        {
            using var scorerActivity = MonitorTelemetry.StartScorer(experimentId, group.Key, group.Count());
            await Parallel.ForEachAsync(group, Options(cancellationToken), async (run, token) =>
                results.Add((run.Item, run.Scorer, await ScoreAsync(run.Scorer, run.Context, run.Item, counts, token).ConfigureAwait(false)))).ConfigureAwait(false);
        })).ConfigureAwait(false);

        var toWrite = results.ToList();
        if (confirm is not null)
        {
            var held = await confirm(toWrite.Select(r => r.Item.Partition).Distinct(), cancellationToken).ConfigureAwait(false);
            foreach (var partition in toWrite.Select(r => r.Item.Partition).Where(p => !held.Contains(p)).Distinct())
            {
                lost.Add(partition);
                MonitorLog.LeaseLost(_telemetry.Logger, _telemetry.InstanceId, experimentId, partition);
            }

            toWrite = toWrite.Where(r => held.Contains(r.Item.Partition)).ToList();
        }

        var writes = toWrite.SelectMany(r => r.Feedback.Select((f, i) => new Write(r.Item, r.Scorer, Stamp(f, r.Scorer, r.Item, i, r.Feedback.Count)))).ToList();
        if (!_backend.WritesFeedbackBatches || !await WriteBatchAsync(experimentId, writes, traces, counts, cancellationToken).ConfigureAwait(false))
        {
            // Within the lease and the freshness bound no other replica may write these traces, so the fetch is as good as a re-read.
            var fresh = confirm is not null && writes.All(w => w.Item.Session is null) && _time.GetElapsedTime(fetched) < _freshFor;
            var present = fresh ? existing : await CurrentKeysAsync(experimentId, writes.Select(w => w.Item.AnchorTraceId).Distinct(), cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(writes, Options(cancellationToken), async (write, token) =>
            {
                if (present.ContainsKey(write.Feedback.Metadata![MonitorMetadataKeys.IdempotencyKey]))
                {
                    counts.AddPresent();
                    _telemetry.AlreadyPresent(write.Scorer.Name);
                    return;
                }

                if (await WriteAsync(write.Feedback, write.Scorer, token).ConfigureAwait(false))
                {
                    Written(experimentId, write, traces, counts);
                }
            }).ConfigureAwait(false);
        }

        await _alerts.EvaluateAsync(experimentId, cancellationToken).ConfigureAwait(false);
        return lost;
    }

    /// <summary>
    /// Writes the batch in one atomic call that skips keys already present, retrying transient failures (safe: a retried batch
    /// skips what landed). False when the backend refused the batch for good (nothing of it was kept): the caller then writes
    /// one by one, so one bad feedback does not hold back the rest.
    /// </summary>
    private async Task<bool> WriteBatchAsync(
        string experimentId, List<Write> writes, Dictionary<string, Trace> traces, MonitorCounts counts, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return true;
        }

        IReadOnlyList<AssessmentWriteOutcome> outcomes;
        var delay = _writeRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                outcomes = await _backend.CreateFeedbackBatchAsync(writes.Select(w => (Assessment)w.Feedback).ToList(), cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (IsTransient(exception) && attempt < _maxWriteAttempts && !cancellationToken.IsCancellationRequested)
            {
                MonitorLog.BatchWriteRetry(_telemetry.Logger, writes.Count, attempt, exception);
            }
            catch (MlflowApiException exception) when (!IsTransient(exception))
            {
                MonitorLog.BatchWriteRefused(_telemetry.Logger, writes.Count, exception);
                return false;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }

        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            switch (outcomes[i])
            {
                case AssessmentWriteOutcome.Created:
                    Written(experimentId, write, traces, counts);
                    break;
                case AssessmentWriteOutcome.AlreadyPresent:
                    counts.AddPresent();
                    _telemetry.AlreadyPresent(write.Scorer.Name);
                    break;
                default:
                    // Refused for good (the trace was deleted after it was read): counted and logged, as a refused single write.
                    _telemetry.Scored(write.Scorer.Name, failed: true, TimeSpan.Zero);
                    MonitorLog.FeedbackRefused(_telemetry.Logger, write.Scorer.Name, write.Feedback.TraceId!, outcomes[i].ToString());
                    break;
            }
        }

        return true;
    }

    private void Written(string experimentId, Write write, Dictionary<string, Trace> traces, MonitorCounts counts)
    {
        counts.AddWritten();
        _telemetry.Written(write.Scorer.Name, _time.GetUtcNow() - EndOf(write.Item, traces));
        _alerts.Record(experimentId, write.Scorer.Name, write.Feedback);
    }

    /// <summary>The idempotency keys already on these traces, each with the feedback count its run recorded.</summary>
    internal static Dictionary<string, int> ExistingKeys(IEnumerable<Trace> traces)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var metadata in traces.SelectMany(t => t.Info.Assessments).Select(a => a.Metadata).OfType<IReadOnlyDictionary<string, string>>())
        {
            if (metadata.TryGetValue(MonitorMetadataKeys.IdempotencyKey, out var key))
            {
                keys[key] = metadata.TryGetValue(MonitorMetadataKeys.FeedbackCount, out var count)
                    && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
            }
        }

        return keys;
    }

    private ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken };

    /// <summary>Whether every feedback of the scorer's earlier run on this entity is there, so it need not run again.</summary>
    private static bool IsComplete(Dictionary<string, int> existing, MonitoredScorer scorer, string entityId) =>
        existing.TryGetValue(scorer.KeyFor(entityId, 0), out var count)
        && Enumerable.Range(1, Math.Max(0, count - 1)).All(i => existing.ContainsKey(scorer.KeyFor(entityId, i)));

    private async Task<IReadOnlyList<WorkItem>> KeepHeldAsync(
        string experimentId, IReadOnlyList<WorkItem> items, Func<IEnumerable<int>, CancellationToken, Task<IReadOnlySet<int>>>? confirm,
        HashSet<int> lost, CancellationToken cancellationToken)
    {
        if (confirm is null)
        {
            return items;
        }

        var held = await confirm(items.Select(i => i.Partition).Distinct(), cancellationToken).ConfigureAwait(false);
        foreach (var partition in items.Select(i => i.Partition).Where(p => !held.Contains(p)).Distinct())
        {
            lost.Add(partition);
            MonitorLog.LeaseLost(_telemetry.Logger, _telemetry.InstanceId, experimentId, partition);
        }

        return items.Where(i => held.Contains(i.Partition)).ToList();
    }

    private async Task<Dictionary<string, Trace>> FetchAsync(IEnumerable<string> traceIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Trace>(StringComparer.Ordinal);
        foreach (var chunk in traceIds.Distinct().Chunk(IdsPerCall))
        {
            foreach (var trace in await _backend.GetTracesAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                result[trace.TraceId] = trace;
            }
        }

        return result;
    }

    /// <summary>The keys on the traces now, from a search by id (assessments without spans), just before writing.</summary>
    private async Task<Dictionary<string, int>> CurrentKeysAsync(string experimentId, IEnumerable<string> traceIds, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in traceIds.Chunk(IdsPerCall))
        {
            var options = new TraceSearchOptions
            {
                ExperimentIds = [experimentId],
                Filter = "trace.request_id IN (" + string.Join(", ", chunk.Select(id => "'" + id + "'")) + ")",
                PageSize = MlflowClient.MaxTracePageSize,
                IncludeSpans = false,
            };
            var found = new List<Trace>();
            await foreach (var trace in _backend.SearchAsync(options, cancellationToken).ConfigureAwait(false))
            {
                found.Add(trace);
            }

            foreach (var (key, count) in ExistingKeys(found))
            {
                keys[key] = count;
            }
        }

        return keys;
    }

    private async Task<IReadOnlyList<Feedback>> ScoreAsync(
        MonitoredScorer scorer, ScorerContext context, WorkItem item, MonitorCounts counts, CancellationToken cancellationToken)
    {
        IReadOnlyList<Feedback> feedback;
        var started = _time.GetTimestamp();
        using (await _limiter.AcquireAsync(scorer.Name, cancellationToken).ConfigureAwait(false))
        {
            feedback = await _runner.RunAsync(scorer.Implementation, context, cancellationToken).ConfigureAwait(false);
        }

        var failed = feedback.Any(f => f.Error is not null);
        counts.AddRun(failed);
        _telemetry.Scored(scorer.Name, failed, _time.GetElapsedTime(started));
        foreach (var error in feedback.Where(f => f.Error is not null))
        {
            MonitorLog.ScorerFailed(_telemetry.Logger, scorer.Name, item.AnchorTraceId, error.Error!.ErrorCode, error.Error.ErrorMessage);
        }

        var tokens = feedback.Sum(f => Tokens(f, JudgeMetadataKeys.InputTokens) + Tokens(f, JudgeMetadataKeys.OutputTokens));
        if (tokens > 0)
        {
            counts.AddTokens(tokens);
            _telemetry.Tokens(scorer.Name, tokens);
            _limiter.SpendTokens(scorer.Name, tokens);
        }

        return feedback;
    }

    private Feedback Stamp(Feedback feedback, MonitoredScorer scorer, WorkItem item, int index, int count)
    {
        var metadata = new Dictionary<string, string>(feedback.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [MonitorMetadataKeys.IdempotencyKey] = scorer.KeyFor(item.EntityId, index),
            [MonitorMetadataKeys.FeedbackCount] = count.ToString(CultureInfo.InvariantCulture),
            [MonitorMetadataKeys.ScorerName] = scorer.Name,
            [MonitorMetadataKeys.ScorerVersion] = scorer.Version.ToString(CultureInfo.InvariantCulture),
            [MonitorMetadataKeys.Instance] = _telemetry.InstanceId,
        };
        return feedback with { TraceId = feedback.TraceId ?? item.AnchorTraceId, Metadata = metadata };
    }

    /// <summary>Writes one feedback; after a failure, checks whether it landed before trying again. False when the backend refused it for good.</summary>
    private async Task<bool> WriteAsync(Feedback feedback, MonitoredScorer scorer, CancellationToken cancellationToken)
    {
        var key = feedback.Metadata![MonitorMetadataKeys.IdempotencyKey];
        var delay = _writeRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _backend.CreateAssessmentAsync(feedback, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception) when (IsTransient(exception) && attempt < _maxWriteAttempts && !cancellationToken.IsCancellationRequested)
            {
                MonitorLog.WriteRetry(_telemetry.Logger, scorer.Name, feedback.TraceId!, attempt, exception);
            }
            catch (MlflowApiException exception) when (!IsTransient(exception))
            {
                // Refused for good (for example the trace was deleted): counted and logged, never retried forever.
                _telemetry.Scored(scorer.Name, failed: true, TimeSpan.Zero);
                MonitorLog.WriteRetry(_telemetry.Logger, scorer.Name, feedback.TraceId!, attempt, exception);
                return false;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
            var now = await _backend.GetTracesAsync([feedback.TraceId!], cancellationToken).ConfigureAwait(false);
            if (ExistingKeys(now).ContainsKey(key))
            {
                return true;
            }
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        MlflowApiException api => (int)api.StatusCode is 408 or 429 or >= 500,
        MlflowException local => local.ErrorCode == MlflowErrorCode.TemporarilyUnavailable,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };

    private static DateTimeOffset EndOf(WorkItem item, Dictionary<string, Trace> traces)
    {
        var info = item.Session is { } session ? session[^1].Info : traces[item.TraceId!].Info;
        return (info.RequestTime ?? DateTimeOffset.MinValue) + (info.ExecutionDuration ?? TimeSpan.Zero);
    }

    private static long Tokens(Feedback feedback, string key) =>
        feedback.Metadata?.GetValueOrDefault(key) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>One feedback to write, with the work item and scorer it came from.</summary>
    private sealed record Write(WorkItem Item, MonitoredScorer Scorer, Feedback Feedback);
}
