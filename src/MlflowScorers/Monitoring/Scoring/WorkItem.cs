using System.Collections.Generic;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>
/// One trace or session chosen for scoring: its id, partition, the scorers sampling selected, and either the trace to fetch
/// or the session's traces (already fetched).
/// </summary>
/// <param name="EntityId">The trace id, or the session id.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Scorers">The selected scorers.</param>
/// <param name="TraceId">For a trace: its id, fetched with spans before scoring.</param>
/// <param name="Session">For a session: its traces, in order; feedback goes on the first.</param>
internal sealed record WorkItem(string EntityId, int Partition, IReadOnlyList<MonitoredScorer> Scorers, string? TraceId, IReadOnlyList<Trace>? Session)
{
    /// <summary>The trace the feedback is attached to.</summary>
    public string AnchorTraceId => TraceId ?? Session![0].TraceId;
}
