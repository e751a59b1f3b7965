using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Monitoring.Backfill;

/// <summary>
/// The seam where server-run scorers are backfilled by the backend's own job (MLflow 3.11's scorer invoke job route, or
/// Databricks' managed-evals backfill) behind <see cref="ScorerMonitor.BackfillAsync(IEnumerable{BackfillScorerConfig}, DateTimeOffset?, DateTimeOffset?, string?, IProgress{BackfillProgress}?, CancellationToken)"/>.
/// The monitor hands it every requested scorer that is not .NET-hosted; without a route those are an error.
/// </summary>
internal interface IServerBackfillRoute
{
    /// <summary>
    /// Backfills server-run scorers over the window and returns when the backend's jobs have ended.
    /// </summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="scorers">Registered names with the override rate (<see langword="null"/> for the registered rate).</param>
    /// <param name="start">The window's start.</param>
    /// <param name="end">The window's end.</param>
    /// <param name="cancellationToken">Cancels waiting (the backend's job may continue).</param>
    /// <returns>The backend's job ids.</returns>
    /// <exception cref="MlflowException">A name is not registered, or the backend cannot run it.</exception>
    Task<IReadOnlyList<string>> BackfillAsync(
        string experimentId, IReadOnlyList<KeyValuePair<string, double?>> scorers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);
}
