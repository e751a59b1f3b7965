using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>An evaluation recorded as an MLflow run, as <c>mlflow.genai.evaluate</c> records it.</summary>
public sealed record EvaluationRun
{
    /// <summary>The feedback metadata key that names the run an assessment was made in (MLflow's <c>mlflow.assessment.sourceRunId</c>).</summary>
    public const string SourceRunIdMetadataKey = "mlflow.assessment.sourceRunId";

    /// <summary>
    /// The trace metadata key that names the evaluation run a trace was recorded for (MLflow's <c>mlflow.sourceRun</c>, searched
    /// as <c>trace.run_id</c>); the monitor skips such traces.
    /// </summary>
    public const string SourceRunMetadataKey = MlflowScorers.Traces.Filtering.TraceFilterKeys.SourceRunMetadata;

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The experiment that holds the run.</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The run's name.</summary>
    public required string RunName { get; init; }

    /// <summary>The evaluation, its feedback marked with <see cref="SourceRunIdMetadataKey"/>.</summary>
    public required EvaluationRunResult Result { get; init; }

    /// <summary>The assessments written to the evaluated traces, as stored.</summary>
    public required IReadOnlyList<Assessment> Assessments { get; init; }
}
