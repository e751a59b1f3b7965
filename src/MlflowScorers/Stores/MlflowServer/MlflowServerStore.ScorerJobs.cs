using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Server-side scorer jobs (MLflow 3.11): submit a judge over traces, then poll its jobs until they end.</summary>
internal sealed partial class MlflowServerStore : IServerScorerJobs
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ServerScorerJobResult>> InvokeServerScorerJobAsync(
        ServerScorerJobRequest request, IProgress<ServerScorerJobResult>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.MlflowVersion is { } version && version < ServerScorerJobRequest.MinimumServerVersion)
        {
            throw NoScorerJobs(capabilities, null);
        }

        InvokeScorerResponse submitted;
        try
        {
            submitted = await _rest.SendAsync(
                HttpMethod.Post,
                MlflowServerPaths.InvokeScorer,
                new InvokeScorerRequest(request.ExperimentId, request.SerializedScorer, request.TraceIds, request.LogAssessments),
                s_json.InvokeScorerRequest,
                s_json.InvokeScorerResponse,
                nonIdempotent: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowApiException ex) when (IsMissingRoute(ex))
        {
            throw NoScorerJobs(capabilities, ex);
        }

        var jobs = (submitted.Jobs ?? [])
            .Select(job => (Id: WireMapper.Required(job.JobId, "job_id", MlflowServerPaths.InvokeScorer), TraceIds: job.TraceIds ?? []))
            .ToList();
        if (jobs.Count == 0)
        {
            throw new MlflowException($"The server's reply to POST {MlflowServerPaths.InvokeScorer} lists no job for {request.TraceIds.Count} traces.");
        }

        return await WaitForJobsAsync(jobs, request, progress, cancellationToken).ConfigureAwait(false);
    }

    private static ScorerOperationNotSupportedException NoScorerJobs(StoreCapabilities capabilities, Exception? inner) =>
        new(
            $"{capabilities.Description} cannot run scorer jobs: the route POST {MlflowServerPaths.InvokeScorer} arrived in MLflow "
                + $"{ServerScorerJobRequest.MinimumServerVersion.ToString(2)}. Upgrade the server, or run the judge in .NET to backfill it.",
            inner);

    private async Task<IReadOnlyList<ServerScorerJobResult>> WaitForJobsAsync(
        List<(string Id, IReadOnlyList<string> TraceIds)> jobs, ServerScorerJobRequest request, IProgress<ServerScorerJobResult>? progress,
        CancellationToken cancellationToken)
    {
        var results = new ServerScorerJobResult?[jobs.Count];
        var started = _timeProvider.GetTimestamp();
        while (true)
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                if (results[i] is not null)
                {
                    continue;
                }

                var path = MlflowServerPaths.Job(jobs[i].Id);
                var reply = await _rest.GetAsync(path, [], s_json.GetJobResponse, cancellationToken).ConfigureAwait(false);
                var status = new ServerScorerJobStatus(WireMapper.Required(reply.Status, "status", path));
                if (status.IsTerminal)
                {
                    results[i] = ScorerJobWireMapper.ToResult(jobs[i].Id, status, jobs[i].TraceIds, reply, path);
                    progress?.Report(results[i]!);
                }
            }

            if (results.All(r => r is not null))
            {
                return results!;
            }

            if (request.MaxWait is { } maxWait && _timeProvider.GetElapsedTime(started) >= maxWait)
            {
                var open = jobs.Where((_, i) => results[i] is null).Select(j => j.Id);
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Server scorer jobs {string.Join(", ", open)} did not end within {maxWait.TotalSeconds} s; they still run on the server."));
            }

            await Task.Delay(request.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
