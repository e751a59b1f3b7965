using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks;

namespace MlflowScorers.Monitoring.Backfill;

/// <summary>
/// Backfills a Databricks workspace's scheduled (server-run) scorers through its managed-evals backfill job: the workspace
/// selects, samples and scores the window's traces itself, so the outcome carries the job id and no counts. The job runs on;
/// this returns when the workspace has accepted it.
/// </summary>
internal sealed class DatabricksBackfillRoute : IServerBackfillRoute
{
    private readonly MlflowClient _client;

    private DatabricksBackfillRoute(MlflowClient client) => _client = client;

    /// <summary>The route for a client whose backend is a Databricks workspace; otherwise <see langword="null"/>.</summary>
    public static IServerBackfillRoute? For(MlflowClient client) =>
        client.Store is DatabricksScorerStore ? new DatabricksBackfillRoute(client) : null;

    /// <inheritdoc />
    public async Task<ServerBackfillOutcome> BackfillAsync(ServerBackfillRequest request, CancellationToken cancellationToken)
    {
        var jobId = await _client.StartDatabricksBackfillAsync(request.Scorers, request.Start, request.End, request.ExperimentId, cancellationToken)
            .ConfigureAwait(false);
        return new ServerBackfillOutcome(0, 0, 0, 0, [jobId], []);
    }
}
