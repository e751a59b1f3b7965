using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Checkpoints;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Selection;

namespace MlflowScorers;

public sealed partial class ScorerMonitor
{
    /// <summary>
    /// The trace pass over the held partitions: window from the oldest checkpoint (never further back than
    /// <see cref="ScorerMonitorOptions.MaxLookback"/>) to now minus the completion buffer; when every batch is done, each
    /// partition's checkpoint moves to the window's end.
    /// </summary>
    private async Task PollTracesAsync(
        string experimentId, IReadOnlyDictionary<string, string> tags, List<MonitoredScorer> scorers, IReadOnlySet<int> held,
        MonitorCounts counts, CancellationToken stopping, CancellationToken work)
    {
        var now = NowMs();
        var end = now - (long)_buffer.TotalMilliseconds;
        var checkpoints = ReadCheckpoints(tags, held, _tags.TraceCheckpoint, now);
        var start = checkpoints.Values.Min(c => c.TimestampMs) - (long)_lateArrival.TotalMilliseconds;
        var lost = new HashSet<int>();
        var finished = scorers.Count == 0 || await RunPipelineAsync(
            experimentId, TraceCandidatesAsync(experimentId, scorers, start, end, work), checkpoints, _tags.TraceCheckpoint, lost, counts, null, stopping, work)
            .ConfigureAwait(false);
        if (finished)
        {
            var reached = new MonitorCheckpoint(end, null);
            await MoveCheckpointsAsync(
                experimentId, checkpoints, checkpoints.Keys.Where(p => !lost.Contains(p)).Select(p => KeyValuePair.Create(p, reached)), _tags.TraceCheckpoint, work)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The traces of a window with the scorers sampling gives each, per filter group as MLflow samples them.</summary>
    private async IAsyncEnumerable<Candidate> TraceCandidatesAsync(
        string experimentId, IReadOnlyList<MonitoredScorer> scorers, long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (trace, selected) in SelectTracesAsync(experimentId, scorers, start, end, cancellationToken).ConfigureAwait(false))
        {
            var partition = _tags.PartitionOf(trace.TraceId);
            var keys = selected.Count == 0 ? null : BatchScorer.ExistingKeys([trace]);
            yield return new Candidate(
                trace.TraceId,
                TraceWindow.TimestampOf(trace.Info),
                partition,
                selected.Count == 0 ? null : new WorkItem(trace.TraceId, partition, selected, trace.TraceId, null),
                keys is not null && selected.All(s => keys.ContainsKey(s.KeyFor(trace.TraceId, 0))));
        }
    }

    /// <summary>
    /// Every trace of a window (search results: info and assessments, no spans) with the scorers deterministic sampling
    /// selects for it, per filter group as MLflow samples them; the one selection the live monitor and every backfill use.
    /// </summary>
    private async IAsyncEnumerable<(Trace Trace, IReadOnlyList<MonitoredScorer> Selected)> SelectTracesAsync(
        string experimentId, IReadOnlyList<MonitoredScorer> scorers, long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = scorers.GroupBy(s => s.FilterString, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var filters = groups.Select(g => g[0].FilterString).ToList();
        await foreach (var (trace, matched) in TraceWindow.ReadAsync(_backend, experimentId, filters, start, end, MlflowClient.MaxTracePageSize, cancellationToken)
                           .ConfigureAwait(false))
        {
            yield return (trace, matched.SelectMany(g => ScorerSampling.Select(trace.TraceId, groups[g], static s => s.Name, static s => s.SampleRate)).ToList());
        }
    }

    /// <summary>The held partitions' checkpoints, none older than the look-back limit.</summary>
    private Dictionary<int, MonitorCheckpoint> ReadCheckpoints(IReadOnlyDictionary<string, string> tags, IReadOnlySet<int> held, Func<int, string> key, long now)
    {
        var floor = new MonitorCheckpoint(now - (long)_lookback.TotalMilliseconds - 1, null);
        return held.ToDictionary(p => p, p => MonitorCheckpoint.Read(tags.GetValueOrDefault(key(p))) is { } stored ? MonitorCheckpoint.Max(stored, floor) : floor);
    }
}
