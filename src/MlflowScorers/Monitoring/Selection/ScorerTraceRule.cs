namespace MlflowScorers.Monitoring.Selection;

/// <summary>
/// The monitor never scores a scorer's own trace (tagged <see cref="ScorerTraces.SourceScorerTag"/>): scoring it would record
/// another scorer trace, and so on. MLflow's online scoring leaves out only evaluation-run traces
/// (<c>metadata.mlflow.sourceRun IS NULL</c>); this rule is the SDK's own, applied to the search results because not every
/// store's filter grammar can test a tag for absence.
/// </summary>
internal static class ScorerTraceRule
{
    /// <summary>Whether the trace was recorded by a scorer run.</summary>
    public static bool IsScorerTrace(TraceInfo info) => info.Tags.ContainsKey(ScorerTraces.SourceScorerTag);
}
