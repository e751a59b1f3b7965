using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Databricks.Archival;
using MlflowScorers.Databricks.Backfill;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores.Databricks;

namespace MlflowScorers;

/// <summary>The Databricks-only operations: trace archival to Delta tables and the managed-evals backfill jobs of scheduled scorers.</summary>
public partial class MlflowClient
{
    /// <summary>
    /// Starts archiving an experiment's traces to a Unity Catalog Delta table, as Python's
    /// <c>mlflow.tracing.archival.enable_databricks_trace_archival</c>. Databricks workspaces only.
    /// </summary>
    /// <param name="deltaTableFullName">The table, <c>catalog.schema.table</c>; a part that is not letters, digits and underscores is quoted in backticks.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the workspace's archival job.</returns>
    /// <exception cref="ArgumentException">The table name is not <c>catalog.schema.table</c>; nothing is sent.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not a Databricks workspace.</exception>
    /// <exception cref="TraceArchivalException">The experiment was not found, or already archives its traces (<see cref="TraceArchivalException.Reason"/>).</exception>
    /// <exception cref="MlflowApiException">The workspace answered with another error.</exception>
    public virtual async Task<string> EnableTraceArchivalAsync(
        string deltaTableFullName, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        DeltaTableName.Check(deltaTableFullName, nameof(deltaTableFullName));
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.EnableTraceArchival", experimentId);
        var workspace = await DatabricksStoreAsync("Trace archival", cancellationToken).ConfigureAwait(false);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
        return await new TraceArchival(workspace.Rest).EnableAsync(expId, deltaTableFullName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops archiving an experiment's traces, as Python's <c>mlflow.tracing.archival.disable_databricks_trace_archival</c>.
    /// As in Python, an experiment without archival is an error: the workspace cannot tell it from a missing experiment.
    /// Databricks workspaces only.
    /// </summary>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when archival is off.</returns>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not a Databricks workspace.</exception>
    /// <exception cref="TraceArchivalException">The experiment does not exist or archives nothing (<see cref="TraceArchivalFailure.NotConfigured"/>).</exception>
    /// <exception cref="MlflowApiException">The workspace answered with another error.</exception>
    public virtual async Task DisableTraceArchivalAsync(string? experimentId = null, CancellationToken cancellationToken = default)
    {
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.DisableTraceArchival", experimentId);
        var workspace = await DatabricksStoreAsync("Trace archival", cancellationToken).ConfigureAwait(false);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
        await new TraceArchival(workspace.Rest).DisableAsync(expId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the workspace's backfill job for scheduled (server-run) scorers, as Python's <c>backfill_scorers</c>; the route
    /// that the public backfill call takes for server-run scorers on Databricks.
    /// </summary>
    /// <param name="scorers">Scheduled scorer names, each with an override rate or <see langword="null"/> for the registered rate.</param>
    /// <param name="start">The window's start; without start and end, the last 7 days.</param>
    /// <param name="end">The window's end (default now).</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the calls (a job already started continues).</param>
    /// <returns>The job id.</returns>
    /// <exception cref="ArgumentException">The scorers or the window are invalid; nothing is sent.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not a Databricks workspace.</exception>
    /// <exception cref="MlflowException">A name is not a scheduled scorer of the experiment, or the experiment has no monitor.</exception>
    internal async Task<string> StartDatabricksBackfillAsync(
        IReadOnlyList<KeyValuePair<string, double?>> scorers,
        DateTimeOffset? start,
        DateTimeOffset? end,
        string? experimentId,
        CancellationToken cancellationToken)
    {
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.StartDatabricksBackfill", experimentId);
        var backfill = await DatabricksBackfillAsync(cancellationToken).ConfigureAwait(false);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
        return await backfill.StartBackfillAsync(expId, scorers, start, end, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a Databricks backfill job of scheduled scorers and releases what it holds, as Python's
    /// <c>cleanup_metric_backfill</c>. Databricks workspaces only.
    /// </summary>
    /// <param name="jobId">The backfill job's id.</param>
    /// <param name="experimentId">The experiment the job backfills; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the workspace has accepted the cancellation.</returns>
    /// <exception cref="ArgumentException">The job id is empty; nothing is sent.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not a Databricks workspace.</exception>
    /// <exception cref="MlflowApiException">The workspace answered with an error, for example an unknown job.</exception>
    public virtual async Task CancelBackfillJobAsync(string jobId, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.CancelBackfillJob", experimentId);
        var backfill = await DatabricksBackfillAsync(cancellationToken).ConfigureAwait(false);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
        await backfill.CancelBackfillAsync(expId, jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The managed-evals backfill over this client's workspace, with the client's clock.</summary>
    /// <exception cref="ScorerOperationNotSupportedException">The backend is not a Databricks workspace.</exception>
    internal async Task<DatabricksBackfill> DatabricksBackfillAsync(CancellationToken cancellationToken) =>
        new(await DatabricksStoreAsync("A managed-evals backfill of scheduled scorers", cancellationToken).ConfigureAwait(false), _settings.TimeProvider);

    private async Task<DatabricksScorerStore> DatabricksStoreAsync(string operation, CancellationToken cancellationToken)
    {
        if (_store is DatabricksScorerStore workspace)
        {
            return workspace;
        }

        var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        throw new ScorerOperationNotSupportedException(
            $"{operation} needs a Databricks workspace (tracking URI 'databricks' or 'databricks://<profile>'), and this client's backend is {capabilities.Description}.");
    }
}
