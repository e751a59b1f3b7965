using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Local;

/// <summary>The local store's runs, in the same file as its scorers; see <see cref="LocalRunStore"/>.</summary>
internal sealed partial class LocalScorerStore : IRunStore
{
    private LocalRunStore Runs => new(_database);

    /// <inheritdoc />
    public async Task<string> CreateRunAsync(
        string experimentId, string runName, DateTimeOffset startTime, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await Runs.CreateRunAsync(experimentId, runName, startTime, tags, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await Runs.LogMetricsAsync(runId, metrics, timestamp, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task EndRunAsync(string runId, string status, DateTimeOffset endTime, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await Runs.EndRunAsync(runId, status, endTime, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredRun> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
    }
}
