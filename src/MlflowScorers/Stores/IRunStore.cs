using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>
/// The run calls an evaluation needs, in MLflow's terms: create a run, log metrics to it, end it, read it back. The local store
/// and MLflow servers implement it. Errors are <see cref="MlflowApiException"/> with MLflow's codes.
/// </summary>
internal interface IRunStore
{
    /// <summary>Creates a RUNNING run in the experiment with the tags (including <c>mlflow.runName</c>) and returns its id.</summary>
    Task<string> CreateRunAsync(
        string experimentId, string runName, DateTimeOffset startTime, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>Logs each metric at step 0 with the timestamp.</summary>
    Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, DateTimeOffset timestamp, CancellationToken cancellationToken);

    /// <summary>Sets the run's status (<c>FINISHED</c>, <c>FAILED</c>) and end time.</summary>
    Task EndRunAsync(string runId, string status, DateTimeOffset endTime, CancellationToken cancellationToken);

    /// <summary>The run with its latest metrics and tags. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task<StoredRun> GetRunAsync(string runId, CancellationToken cancellationToken);
}

/// <summary>A run as a backend holds it.</summary>
/// <param name="RunId">The run id (32 hex characters).</param>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Name">The run name.</param>
/// <param name="Status">RUNNING, FINISHED, FAILED, ...</param>
/// <param name="Metrics">The latest value of each metric.</param>
/// <param name="Tags">The run's tags.</param>
internal sealed record StoredRun(
    string RunId, string ExperimentId, string? Name, string Status, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Tags);
