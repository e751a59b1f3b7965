using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>
/// Runs a server-run judge on the server itself over chosen traces (MLflow 3.11's scorer job route), the way a backfill of
/// server-run scorers does it on an MLflow server. Implemented by <see cref="MlflowServerStore"/>.
/// </summary>
internal interface IServerScorerJobs
{
    /// <summary>
    /// Submits the judge over the traces (POST <c>/ajax-api/3.0/mlflow/scorer/invoke</c>, the server writing the feedback when
    /// <see cref="ServerScorerJobRequest.LogAssessments"/> is set), then polls each job the server made
    /// (GET <c>/ajax-api/3.0/mlflow/jobs/{job_id}</c>) every <see cref="ServerScorerJobRequest.PollInterval"/> until it ends.
    /// </summary>
    /// <param name="request">The experiment, judge, traces and polling.</param>
    /// <param name="progress">Told about each job as it ends; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the server's jobs run on).</param>
    /// <returns>Every job in the order the server listed them, each ended (succeeded, failed, timed out or cancelled).</returns>
    /// <exception cref="ArgumentException">The request is incomplete (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The server is older than 3.11 or has no scorer job route; the message names its version.</exception>
    /// <exception cref="MlflowApiException">The server refused the judge or the traces, or does not know a job (RESOURCE_DOES_NOT_EXIST).</exception>
    /// <exception cref="TimeoutException">A job did not end within <see cref="ServerScorerJobRequest.MaxWait"/>.</exception>
    Task<IReadOnlyList<ServerScorerJobResult>> InvokeServerScorerJobAsync(
        ServerScorerJobRequest request, IProgress<ServerScorerJobResult>? progress, CancellationToken cancellationToken);
}
