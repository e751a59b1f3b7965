using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Monitoring;

/// <summary>The monitor's backend over a client: its public trace and assessment calls, and its store for experiment tags.</summary>
internal sealed class ClientMonitorBackend(MlflowClient client) : IMonitorBackend
{
    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        client.GetExperimentAsync(experimentId, cancellationToken);

    public Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        client.Store.SetExperimentTagAsync(experimentId, key, value, cancellationToken);

    public Task DeleteTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        client.Store.DeleteExperimentTagAsync(experimentId, key, cancellationToken);

    public IAsyncEnumerable<Trace> SearchAsync(TraceSearchOptions options, CancellationToken cancellationToken) =>
        client.SearchTracesAsync(options, cancellationToken);

    public Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken) =>
        client.GetTracesAsync(traceIds, cancellationToken);

    public Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken) =>
        client.CreateAssessmentAsync(assessment, cancellationToken);
}
