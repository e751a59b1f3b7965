using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Databricks;

/// <summary>
/// Runs on a workspace go through its MLflow REST API (<c>/api/2.0/mlflow/runs/*</c>), exactly as on an MLflow server, so an
/// evaluation can be recorded as a run there.
/// </summary>
internal sealed partial class DatabricksScorerStore : IRunStore
{
    /// <inheritdoc />
    public Task<string> CreateRunAsync(
        string experimentId, string runName, DateTimeOffset startTime, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        _mlflow.CreateRunAsync(experimentId, runName, startTime, tags, cancellationToken);

    /// <inheritdoc />
    public Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, DateTimeOffset timestamp, CancellationToken cancellationToken) =>
        _mlflow.LogMetricsAsync(runId, metrics, timestamp, cancellationToken);

    /// <inheritdoc />
    public Task EndRunAsync(string runId, string status, DateTimeOffset endTime, CancellationToken cancellationToken) =>
        _mlflow.EndRunAsync(runId, status, endTime, cancellationToken);

    /// <inheritdoc />
    public Task<StoredRun> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        _mlflow.GetRunAsync(runId, cancellationToken);
}
