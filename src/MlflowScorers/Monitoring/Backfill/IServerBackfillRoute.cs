using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Scoring;

namespace MlflowScorers.Monitoring.Backfill;

/// <summary>
/// The seam where server-run scorers are backfilled by the backend's own job (MLflow 3.11's scorer invoke job route, or
/// Databricks' managed-evals backfill) behind <see cref="ScorerMonitor.BackfillAsync(IEnumerable{BackfillScorerConfig}, DateTimeOffset?, DateTimeOffset?, string?, IProgress{BackfillProgress}?, CancellationToken)"/>.
/// The monitor hands it every requested scorer that is not .NET-hosted; without a route those are an error.
/// </summary>
internal interface IServerBackfillRoute
{
    /// <summary>
    /// Backfills server-run scorers over the window: an MLflow server's route returns when its jobs have ended; a Databricks
    /// workspace's returns when its job has started.
    /// </summary>
    /// <param name="request">The experiment, the scorers with their override rates, the window and the monitor's selection.</param>
    /// <param name="cancellationToken">Cancels waiting (the backend's job may continue).</param>
    /// <returns>What the backend's jobs did.</returns>
    /// <exception cref="MlflowException">A name is not registered, or the backend cannot run it.</exception>
    Task<ServerBackfillOutcome> BackfillAsync(ServerBackfillRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The monitor's trace selection over the backfill window (evaluation-run traces skipped, filter strings, deterministic
/// sampling): each trace of the window, as search returns it (info and assessments), with the scorers sampling selects.
/// </summary>
/// <param name="scorers">The scorers, with the rates and filters to sample by.</param>
/// <param name="cancellationToken">Cancels the reading.</param>
internal delegate IAsyncEnumerable<(Trace Trace, IReadOnlyList<MonitoredScorer> Selected)> BackfillSelection(
    IReadOnlyList<MonitoredScorer> scorers, CancellationToken cancellationToken);

/// <summary>A backfill of server-run scorers.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Scorers">Registered names with the override rate (<see langword="null"/> for the registered rate).</param>
/// <param name="Start">The window's start.</param>
/// <param name="End">The window's end.</param>
/// <param name="Select">The monitor's selection over this window, for routes that choose the traces themselves.</param>
internal sealed record ServerBackfillRequest(
    string ExperimentId, IReadOnlyList<KeyValuePair<string, double?>> Scorers, DateTimeOffset Start, DateTimeOffset End, BackfillSelection Select);

/// <summary>What a server-run backfill did.</summary>
/// <param name="Processed">Traces in the window.</param>
/// <param name="Sampled">Of those, how many sampling gave at least one scorer.</param>
/// <param name="FeedbackWritten">Feedback the backend's jobs made.</param>
/// <param name="FeedbackAlreadyPresent">Selected (trace, scorer) pairs skipped because the trace already had that scorer's feedback.</param>
/// <param name="JobIds">The backend's job ids.</param>
/// <param name="Failures">What the jobs could not score.</param>
internal sealed record ServerBackfillOutcome(
    int Processed, int Sampled, int FeedbackWritten, int FeedbackAlreadyPresent, IReadOnlyList<string> JobIds, IReadOnlyList<ServerBackfillFailure> Failures);
