using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// The JSON body of POST <c>/ajax-api/3.0/mlflow/scorer/invoke</c> (MLflow 3.11): run a judge, given as its
/// <c>serialized_scorer</c>, over some traces of an experiment, and with <c>log_assessments</c> write the feedback to them.
/// </summary>
internal sealed record InvokeScorerRequest(
    string ExperimentId,
    string SerializedScorer,
    IReadOnlyList<string> TraceIds,
    bool LogAssessments);
