using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Databricks;

/// <summary>Traces and assessments: a workspace serves MLflow's own trace routes, so the MLflow server store's calls are reused.</summary>
internal sealed partial class DatabricksScorerStore
{
    public Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken) =>
        _mlflow.SearchTracesAsync(request, cancellationToken);

    public Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken) =>
        _mlflow.GetTraceAsync(traceId, cancellationToken);

    public Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken) =>
        _mlflow.GetTracesAsync(traceIds, cancellationToken);

    public Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken) =>
        _mlflow.CreateAssessmentAsync(assessment, cancellationToken);

    public Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken) =>
        _mlflow.GetAssessmentAsync(traceId, assessmentId, cancellationToken);

    public Task<Assessment> UpdateAssessmentAsync(string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken) =>
        _mlflow.UpdateAssessmentAsync(traceId, assessmentId, update, cancellationToken);

    public Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken) =>
        _mlflow.DeleteAssessmentAsync(traceId, assessmentId, cancellationToken);
}
