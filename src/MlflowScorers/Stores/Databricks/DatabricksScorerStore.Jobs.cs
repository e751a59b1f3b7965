using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks.Wire;
using MlflowScorers.Transport;

namespace MlflowScorers.Stores.Databricks;

/// <summary>What the managed-evals jobs (backfill, trace archival) need from the store.</summary>
internal sealed partial class DatabricksScorerStore
{
    /// <summary>The REST client over the workspace, with its authentication, for the job routes.</summary>
    public MlflowRestClient Rest => _rest;

    /// <summary>The experiment's scheduled-scorer list as the service holds it (one read, validated as every read is).</summary>
    public Task<List<ScorerConfigDto>> ReadScheduledScorersAsync(string experimentId, CancellationToken cancellationToken) =>
        _list.ReadAsync(experimentId, cancellationToken);
}
