using System;

namespace MlflowScorers;

/// <summary>
/// An evaluation run that has been created and is RUNNING (<see cref="EvaluationRunLogger.StartEvaluationRunAsync"/>): traces
/// recorded for it carry its id as <see cref="EvaluationRun.SourceRunMetadataKey"/> metadata; finish it with
/// <see cref="EvaluationRunLogger.FinishEvaluationRunAsync"/> or end it with <see cref="EvaluationRunLogger.FailEvaluationRunAsync"/>.
/// </summary>
public sealed record StartedEvaluationRun
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The experiment that holds the run.</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The run's name.</summary>
    public required string RunName { get; init; }

    /// <summary>When the run was created.</summary>
    public required DateTimeOffset StartTime { get; init; }
}
