using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Checkpoints;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Selection;
using MlflowScorers.Monitoring.Telemetry;

namespace MlflowScorers;

public sealed partial class ScorerMonitor
{
    /// <summary>
    /// The session pass, as MLflow's session job: sessions (traces sharing <c>mlflow.trace.session</c> metadata) whose last
    /// trace started before now minus <see cref="ScorerMonitorOptions.SessionCompletionBuffer"/> are complete; each complete
    /// session is sampled by its id and scored once by the session-level scorers, with the feedback on its first trace.
    /// </summary>
    private async Task PollSessionsAsync(
        string experimentId, IReadOnlyDictionary<string, string> tags, List<MonitoredScorer> scorers, IReadOnlySet<int> held,
        MonitorCounts counts, CancellationToken stopping, CancellationToken work)
    {
        var now = NowMs();
        var end = now - (long)_sessionBuffer.TotalMilliseconds;
        var checkpoints = ReadCheckpoints(tags, held, _tags.SessionCheckpoint, now);
        var start = checkpoints.Values.Min(c => c.TimestampMs);
        var lost = new HashSet<int>();
        var candidates = SessionCandidatesAsync(experimentId, scorers, start, end, held.Contains, work);
        var finished = scorers.Count == 0
            || await RunPipelineAsync(experimentId, candidates, checkpoints, _tags.SessionCheckpoint, lost, counts, null, stopping, work).ConfigureAwait(false);
        if (finished)
        {
            var reached = new MonitorCheckpoint(end, null);
            await MoveCheckpointsAsync(
                experimentId, checkpoints, checkpoints.Keys.Where(p => !lost.Contains(p)).Select(p => KeyValuePair.Create(p, reached)), _tags.SessionCheckpoint, work)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The complete sessions whose last trace lies in the window, in (last timestamp, session id) order: found from the window's
    /// traces that carry a session id, then each read whole.
    /// </summary>
    private async IAsyncEnumerable<Candidate> SessionCandidatesAsync(
        string experimentId, IReadOnlyList<MonitoredScorer> scorers, long start, long end, Func<int, bool> wanted,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = scorers.GroupBy(s => s.FilterString, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var filters = groups.Select(g => g[0].FilterString).ToList();
        var sessions = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        await foreach (var (trace, matched) in TraceWindow.ReadAsync(
                           _backend, experimentId, filters, start, end, MlflowClient.MaxTracePageSize, cancellationToken, SessionPresent).ConfigureAwait(false))
        {
            if (SessionConversation.SessionIdOf(trace) is { } sessionId && wanted(_tags.PartitionOf(sessionId)))
            {
                (sessions.TryGetValue(sessionId, out var set) ? set : sessions[sessionId] = []).UnionWith(matched);
            }
        }

        var complete = new List<Candidate>();
        foreach (var (sessionId, matched) in sessions)
        {
            if (sessionId.Contains('\'', StringComparison.Ordinal))
            {
                MonitorLog.SessionIdUnsearchable(_telemetry.Logger, experimentId, sessionId);
                continue;
            }

            var traces = await ReadSessionAsync(experimentId, sessionId, cancellationToken).ConfigureAwait(false);
            var last = traces.Count == 0 ? long.MaxValue : traces.Max(t => TraceWindow.TimestampOf(t.Info));
            if (last > end)
            {
                continue; // Still active: it comes back in a later window, when its last trace is older than the buffer.
            }

            var selected = matched.Order().SelectMany(g => ScorerSampling.Select(sessionId, groups[g], static s => s.Name, static s => s.SampleRate)).ToList();
            var partition = _tags.PartitionOf(sessionId);
            complete.Add(new Candidate(
                sessionId, last, partition, selected.Count == 0 ? null : new WorkItem(sessionId, partition, selected, null, SessionConversation.InOrder(traces))));
        }

        foreach (var candidate in complete.OrderBy(c => c.TimestampMs).ThenBy(c => c.EntityId, StringComparer.Ordinal))
        {
            yield return candidate;
        }
    }

    private const string SessionPresent = "metadata.`" + SessionConversation.SessionMetadataKey + "` IS NOT NULL";

    private async Task<List<Trace>> ReadSessionAsync(string experimentId, string sessionId, CancellationToken cancellationToken)
    {
        var traces = new List<Trace>();
        var options = new TraceSearchOptions
        {
            ExperimentIds = [experimentId],
            Filter = $"metadata.`{SessionConversation.SessionMetadataKey}` = '{sessionId}'",
            PageSize = MlflowClient.MaxTracePageSize,
        };
        await foreach (var trace in _backend.SearchAsync(options, cancellationToken).ConfigureAwait(false))
        {
            traces.Add(trace);
        }

        return traces;
    }
}
