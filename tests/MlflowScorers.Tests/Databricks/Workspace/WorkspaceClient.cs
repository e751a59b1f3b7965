using System;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Workspace;

/// <summary>
/// A client as an application builds one for a Databricks workspace: <c>new MlflowClient</c> with the tracking URI
/// <c>databricks</c> and the workspace host and personal access token as explicit options (no environment), on a fresh experiment.
/// </summary>
internal sealed class WorkspaceClient : IAsyncDisposable
{
    private WorkspaceClient(MlflowClient client, string experimentId)
    {
        Client = client;
        ExperimentId = experimentId;
    }

    public MlflowClient Client { get; }

    public string ExperimentId { get; }

    public static async Task<WorkspaceClient> CreateAsync(FakeDatabricksServer server)
    {
        string experimentId;
        await using (var setup = new MlflowClient(DatabricksTestClient.Options(server, o => o.ReadEnvironment = false)))
        {
            experimentId = await setup.CreateExperimentAsync("workspace-" + Guid.NewGuid().ToString("N")[..8]);
        }

        return new WorkspaceClient(
            new MlflowClient(DatabricksTestClient.Options(server, o => (o.ReadEnvironment, o.ExperimentId) = (false, experimentId))), experimentId);
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
