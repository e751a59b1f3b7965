using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Databricks.Jobs;
using MlflowScorers.Stores.Databricks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Archival;

/// <summary>
/// Enables and disables archiving an experiment's traces to a Unity Catalog Delta table through the managed-evals service
/// (spec §8.3), as Python's <c>enable_databricks_trace_archival</c> and <c>disable_databricks_trace_archival</c>. Thread-safe.
/// </summary>
internal sealed class TraceArchival
{
    private static readonly ArchivalJsonContext s_json = ArchivalJsonContext.Default;
    private readonly MlflowRestClient _rest;

    /// <param name="rest">The REST client over the workspace, with its authentication.</param>
    public TraceArchival(MlflowRestClient rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        _rest = rest;
    }

    /// <summary>Starts archiving the experiment's traces to <paramref name="deltaTableFullName"/>; returns the archival job's id.</summary>
    /// <exception cref="ArgumentException">The table name is not <c>catalog.schema.table</c>; nothing is sent.</exception>
    /// <exception cref="TraceArchivalException">The experiment is not found, or already archives its traces.</exception>
    /// <exception cref="MlflowApiException">The workspace answered with another error.</exception>
    public async Task<string> EnableAsync(string experimentId, string deltaTableFullName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        DeltaTableName.Check(deltaTableFullName, nameof(deltaTableFullName));
        var path = ManagedEvalsPaths.TraceArchival(experimentId);
        try
        {
            var response = await _rest.SendAsync(
                HttpMethod.Post,
                path,
                new EnableArchivalRequest(experimentId, deltaTableFullName),
                s_json.EnableArchivalRequest,
                s_json.JobResponse,
                nonIdempotent: true,
                cancellationToken).ConfigureAwait(false);
            return ManagedEvalsJobs.JobId(response, "POST", path);
        }
        catch (MlflowApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw Refused(TraceArchivalFailure.ExperimentNotFound, e, $"Trace archival cannot be enabled: experiment '{experimentId}' was not found in the workspace.");
        }
        catch (MlflowApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw Refused(TraceArchivalFailure.AlreadyConfigured, e, $"Trace archival is already configured for experiment '{experimentId}'. Disable it first (DisableTraceArchivalAsync), then enable it with the new table.");
        }
    }

    /// <summary>Stops archiving the experiment's traces.</summary>
    /// <exception cref="TraceArchivalException">The experiment does not exist or archives nothing (<see cref="TraceArchivalFailure.NotConfigured"/>).</exception>
    /// <exception cref="MlflowApiException">The workspace answered with another error.</exception>
    public async Task DisableAsync(string experimentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        try
        {
            await _rest.SendAsync(
                HttpMethod.Delete,
                ManagedEvalsPaths.TraceArchival(experimentId),
                new DisableArchivalRequest(experimentId),
                s_json.DisableArchivalRequest,
                s_json.EmptyReply,
                nonIdempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw Refused(TraceArchivalFailure.NotConfigured, e, $"Trace archival cannot be disabled for experiment '{experimentId}': the experiment does not exist, or it has no trace archival configured.");
        }
    }

    private static TraceArchivalException Refused(TraceArchivalFailure reason, MlflowApiException e, string message) =>
        new(reason, e.StatusCode, e.ErrorCode, $"{message} The workspace answered {e.ErrorCode}: {e.Message}", e.ResponseContent, e.RequestId, e);
}
