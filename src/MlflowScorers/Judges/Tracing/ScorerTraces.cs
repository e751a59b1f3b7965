namespace MlflowScorers;

/// <summary>
/// Scorer traces: with <see cref="JudgeRuntimeOptions.RecordScorerTraces"/> on, each scorer run of a <see cref="ScorerRunner"/>
/// is recorded as a trace of its own, as MLflow does with <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c>: a root span named
/// after the scorer (span type <c>EVALUATOR</c>, the scored inputs, outputs, expectations and trace id as inputs, the feedback
/// as outputs), with a <c>CHAT_MODEL</c> span for each call to the judge's model and a <c>TOOL</c> span for each trace tool a
/// trace-reading judge calls. The feedback names the trace in <see cref="TraceIdMetadataKey"/>.
/// </summary>
/// <remarks>
/// The spans come from the <see cref="System.Diagnostics.ActivitySource"/> named <see cref="ActivitySourceName"/>;
/// <c>AddMlflowTracing</c> listens to it, so the traces reach the same tracking URI and experiment as the application's, tagged
/// <see cref="SourceScorerTag"/>. Each is the root of a new trace, never a child of the span current when the scorer runs.
/// When nothing listens to the source (or a sampler drops the trace) no trace is recorded and the feedback carries no id.
/// </remarks>
public static class ScorerTraces
{
    /// <summary>The name of the activity source of scorer traces.</summary>
    public const string ActivitySourceName = "MlflowScorers.ScorerTraces";

    /// <summary>The trace tag that marks a scorer's own trace, valued with the scorer's name (MLflow's <c>TraceTagKey.SOURCE_SCORER_NAME</c>).</summary>
    public const string SourceScorerTag = "mlflow.trace.sourceScorer";

    /// <summary>
    /// The feedback metadata key holding the id (<c>tr-</c> and 32 hex digits) of the trace of the scorer run that produced it
    /// (MLflow's <c>AssessmentMetadataKey.SCORER_TRACE_ID</c>).
    /// </summary>
    public const string TraceIdMetadataKey = "mlflow.assessment.scorerTraceId";

    /// <summary>
    /// Whether <paramref name="info"/> is a scorer's own trace (tagged <see cref="SourceScorerTag"/>). The monitor and the CLI's
    /// <c>evaluate</c> never score such traces: scoring one would record another scorer trace, and so on. MLflow's online scoring
    /// leaves out only evaluation-run traces; this rule is the SDK's own, applied to search results because not every store's
    /// filter grammar can test a tag for absence.
    /// </summary>
    /// <param name="info">The trace's info.</param>
    /// <returns><see langword="true"/> when the trace was recorded by a scorer run.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    public static bool IsScorerTrace(TraceInfo info)
    {
        System.ArgumentNullException.ThrowIfNull(info);
        return info.Tags.ContainsKey(SourceScorerTag);
    }
}
