using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Telemetry;
using MlflowScorers.Stores;
using MlflowScorers.Stores.MlflowServer;

namespace MlflowScorers.Monitoring.Backfill;

/// <summary>
/// Backfills server-run judges on an MLflow 3.11+ server through its own scorer job route: the monitor's selection picks
/// the window's traces (same sampling as the live monitor), traces that already carry the scorer's feedback are skipped
/// (so a re-run writes nothing new), and the registered <c>serialized_scorer</c> is run over the rest with
/// <c>log_assessments</c>, so the server writes the feedback. Older servers get a clear not-supported error naming their version.
/// </summary>
internal sealed class MlflowServerBackfillRoute : IServerBackfillRoute
{
    private readonly MlflowClient _client;
    private readonly MonitorTelemetry _telemetry;
    private StoreCapabilities? _capabilities;

    private MlflowServerBackfillRoute(MlflowClient client, MonitorTelemetry telemetry)
    {
        _client = client;
        _telemetry = telemetry;
    }

    /// <summary>The route for a client whose backend is an MLflow server (the version is checked once, at the first backfill); otherwise <see langword="null"/>.</summary>
    public static IServerBackfillRoute? For(MlflowClient client, MonitorTelemetry telemetry) =>
        client.Store is IServerScorerJobs ? new MlflowServerBackfillRoute(client, telemetry) : null;

    /// <inheritdoc />
    public async Task<ServerBackfillOutcome> BackfillAsync(ServerBackfillRequest request, CancellationToken cancellationToken)
    {
        await RequireScorerJobsAsync(request.Scorers[0].Key, cancellationToken).ConfigureAwait(false);
        var scorers = new List<(MonitoredScorer Scorer, string SerializedScorer)>();
        foreach (var (name, rate) in request.Scorers)
        {
            var registered = await _client.GetScorerAsync(name, null, request.ExperimentId, cancellationToken).ConfigureAwait(false);
            var stored = await _client.Store.GetScorerAsync(request.ExperimentId, name, registered.Version, cancellationToken).ConfigureAwait(false);
            scorers.Add((new MonitoredScorer(name, stored.Version, rate ?? registered.SampleRate ?? 0.0, registered.FilterString, registered), stored.SerializedScorer));
        }

        var pending = scorers.ToDictionary(s => s.Scorer.Name, _ => new List<string>(), StringComparer.Ordinal);
        int processed = 0, sampled = 0, present = 0;
        await foreach (var (trace, selected) in request.Select(scorers.Select(s => s.Scorer).ToList(), cancellationToken).ConfigureAwait(false))
        {
            processed++;
            sampled += selected.Count > 0 ? 1 : 0;
            foreach (var scorer in selected)
            {
                if (trace.Info.Assessments.OfType<Feedback>().Any(f => string.Equals(f.Name, scorer.Name, StringComparison.Ordinal)))
                {
                    present++;
                    _telemetry.AlreadyPresent(scorer.Name);
                }
                else
                {
                    pending[scorer.Name].Add(trace.TraceId);
                }
            }
        }

        var jobIds = new List<string>();
        var failures = new List<ServerBackfillFailure>();
        var written = 0;
        foreach (var (scorer, serialized) in scorers.Where(s => pending[s.Scorer.Name].Count > 0))
        {
            var job = new ServerScorerJobRequest(request.ExperimentId, serialized, pending[scorer.Name]) { LogAssessments = true };
            foreach (var result in await _client.InvokeServerScorerJobAsync(job, null, cancellationToken).ConfigureAwait(false))
            {
                jobIds.Add(result.JobId);
                written += result.Assessments.Values.Sum(a => a.Count);
                foreach (var failure in result.Failures)
                {
                    _telemetry.ServerBackfillFailed(request.ExperimentId, scorer.Name, result.JobId, failure.TraceId, failure.ErrorCode, failure.Message);
                    failures.Add(new ServerBackfillFailure(scorer.Name, result.JobId, failure.TraceId, failure.ErrorCode, failure.Message));
                }
            }
        }

        return new ServerBackfillOutcome(processed, sampled, written, present, jobIds, failures);
    }

    /// <summary>Reads the backend's capabilities once and refuses a server known to be older than the scorer job route, before any trace is read (an unknown version is left to the server's answer).</summary>
    private async Task RequireScorerJobsAsync(string scorerName, CancellationToken cancellationToken)
    {
        var capabilities = _capabilities ??= await _client.Store.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.MlflowVersion is { } version && version < ServerScorerJobRequest.MinimumServerVersion)
        {
            throw new ScorerOperationNotSupportedException(
                $"Server-run scorer '{scorerName}' cannot be backfilled on {capabilities.Description}: MLflow servers run a judge over "
                    + $"chosen traces from version {ServerScorerJobRequest.MinimumServerVersion.ToString(2)}. Upgrade the server, or run the judge in .NET to backfill it.");
        }
    }
}
