using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>Records an evaluation as an MLflow run in the experiment, as <c>mlflow.genai.evaluate</c> does.</summary>
public static class EvaluationRunLogger
{
    private const string FinishedStatus = "FINISHED";
    private const string FailedStatus = "FAILED";

    /// <summary>
    /// Creates a run in the experiment, logs the evaluation's aggregate metrics to it (<c>{scorer}/{aggregation}</c>), writes
    /// each feedback of a row with a trace to that trace with <see cref="EvaluationRun.SourceRunIdMetadataKey"/> naming the
    /// run, and ends the run FINISHED; a failure on the way ends it FAILED and is rethrown. Works on the local store and on
    /// MLflow servers. The same as <see cref="StartEvaluationRunAsync"/> then <see cref="FinishEvaluationRunAsync"/>.
    /// </summary>
    /// <param name="client">The client of the backend that holds the experiment and the traces.</param>
    /// <param name="result">The evaluation result.</param>
    /// <param name="runName">The run's name; <c>evaluation-{UTC time}</c> when <see langword="null"/>.</param>
    /// <param name="experimentId">The experiment; the active one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the recording; the run is then ended FAILED.</param>
    /// <returns>The run, with the feedback as written.</returns>
    /// <exception cref="ArgumentException">The run name is empty or blank.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call, for example RESOURCE_DOES_NOT_EXIST for the experiment.</exception>
    public static async Task<EvaluationRun> LogEvaluationRunAsync(
        this MlflowClient client,
        EvaluationRunResult result,
        string? runName = null,
        string? experimentId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(result);
        var run = await client.StartEvaluationRunAsync(runName, experimentId, cancellationToken).ConfigureAwait(false);
        return await client.FinishEvaluationRunAsync(run, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a RUNNING run for an evaluation that is about to record traces, so that each trace can name it in its
    /// <see cref="EvaluationRun.SourceRunMetadataKey"/> metadata. Finish it with <see cref="FinishEvaluationRunAsync"/>, or end
    /// it with <see cref="FailEvaluationRunAsync"/> when the evaluation fails.
    /// </summary>
    /// <param name="client">The client of the backend that holds the experiment.</param>
    /// <param name="runName">The run's name; <c>evaluation-{UTC time}</c> when <see langword="null"/>.</param>
    /// <param name="experimentId">The experiment; the active one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The started run.</returns>
    /// <exception cref="ArgumentException">The run name is empty or blank.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused the call, for example RESOURCE_DOES_NOT_EXIST for the experiment.</exception>
    public static async Task<StartedEvaluationRun> StartEvaluationRunAsync(
        this MlflowClient client, string? runName = null, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (runName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(runName);
        }

        var runs = client.RequireRunStore();
        var start = client.TimeProvider.GetUtcNow();
        experimentId ??= await client.GetActiveExperimentIdAsync(cancellationToken).ConfigureAwait(false);
        runName ??= "evaluation-" + start.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var runId = await runs.CreateRunAsync(experimentId, runName, start, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        return new StartedEvaluationRun { RunId = runId, ExperimentId = experimentId, RunName = runName, StartTime = start };
    }

    /// <summary>
    /// Logs the evaluation's aggregate metrics to a started run, writes each feedback of a row with a trace to that trace with
    /// <see cref="EvaluationRun.SourceRunIdMetadataKey"/> naming the run, and ends the run FINISHED; a failure on the way ends it
    /// FAILED and is rethrown.
    /// </summary>
    /// <param name="client">The client of the backend that holds the run and the traces.</param>
    /// <param name="run">The run, from <see cref="StartEvaluationRunAsync"/>.</param>
    /// <param name="result">The evaluation result.</param>
    /// <param name="cancellationToken">Cancels the recording; the run is then ended FAILED.</param>
    /// <returns>The run, with the feedback as written.</returns>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused a call.</exception>
    public static async Task<EvaluationRun> FinishEvaluationRunAsync(
        this MlflowClient client, StartedEvaluationRun run, EvaluationRunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        var runs = client.RequireRunStore();
        var clock = client.TimeProvider;
        try
        {
            await runs.LogMetricsAsync(run.RunId, result.Metrics, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var marked = MarkFeedback(result, run.RunId);
            var assessments = await client.WriteFeedbackAsync(marked, cancellationToken).ConfigureAwait(false);
            await runs.EndRunAsync(run.RunId, FinishedStatus, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new EvaluationRun { RunId = run.RunId, ExperimentId = run.ExperimentId, RunName = run.RunName, Result = marked, Assessments = assessments };
        }
        catch (Exception)
        {
            await client.FailEvaluationRunAsync(run, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends a started run FAILED, for an evaluation that could not complete.</summary>
    /// <param name="client">The client of the backend that holds the run.</param>
    /// <param name="run">The run, from <see cref="StartEvaluationRunAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the run is ended.</returns>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    /// <exception cref="MlflowApiException">The backend refused the call.</exception>
    public static Task FailEvaluationRunAsync(this MlflowClient client, StartedEvaluationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        return client.RequireRunStore().EndRunAsync(run.RunId, FailedStatus, client.TimeProvider.GetUtcNow(), cancellationToken);
    }

    private static EvaluationRunResult MarkFeedback(EvaluationRunResult result, string runId) => result with
    {
        Rows = result.Rows.Select(row => row with
        {
            Feedback = row.Feedback.Select(f => f with
            {
                Metadata = new Dictionary<string, string>(f.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [EvaluationRun.SourceRunIdMetadataKey] = runId,
                },
            }).ToArray(),
        }).ToArray(),
    };
}
