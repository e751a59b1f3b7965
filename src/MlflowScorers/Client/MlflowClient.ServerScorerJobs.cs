using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores.MlflowServer;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>
    /// Runs a server-run judge on an MLflow 3.11+ server over chosen traces and waits for its jobs to end; with
    /// <see cref="ServerScorerJobRequest.LogAssessments"/> (the default) the server writes the feedback. This is the route a
    /// backfill of server-run scorers takes on an MLflow server; see <see cref="IServerScorerJobs"/>.
    /// </summary>
    /// <param name="request">The experiment, the judge's <c>serialized_scorer</c>, the traces and the polling.</param>
    /// <param name="progress">Told about each job as it ends; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the server's jobs run on).</param>
    /// <returns>Every job the server made, each ended.</returns>
    /// <exception cref="ArgumentException">The request is incomplete (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not an MLflow server, or the server is older than 3.11.</exception>
    /// <exception cref="MlflowApiException">The server refused the judge or the traces, or lost a job.</exception>
    /// <exception cref="TimeoutException">A job did not end within <see cref="ServerScorerJobRequest.MaxWait"/>.</exception>
    internal async Task<IReadOnlyList<ServerScorerJobResult>> InvokeServerScorerJobAsync(
        ServerScorerJobRequest request, IProgress<ServerScorerJobResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (_store is not IServerScorerJobs jobs)
        {
            var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            throw new ScorerOperationNotSupportedException(
                $"{capabilities.Description} cannot run scorer jobs: only MLflow servers 3.11 and later run a judge over chosen traces. "
                    + "Run the judge in .NET to backfill it here.");
        }

        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.InvokeServerScorerJob", request.ExperimentId);
        return await jobs.InvokeServerScorerJobAsync(request, progress, cancellationToken).ConfigureAwait(false);
    }
}
