using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Monitoring;

/// <summary>
/// The monitor's backend over a client: its public trace and assessment calls, its store for experiment tags, and on the
/// local store its batched feedback write.
/// </summary>
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

    public bool WritesFeedbackBatches => client.Store is LocalScorerStore;

    public Task<IReadOnlyList<AssessmentWriteOutcome>> CreateFeedbackBatchAsync(IReadOnlyList<Assessment> feedback, CancellationToken cancellationToken)
    {
        if (client.Store is not LocalScorerStore local)
        {
            throw new System.NotSupportedException("This backend writes feedback one by one; check WritesFeedbackBatches first.");
        }

        foreach (var one in feedback)
        {
            MlflowClient.CheckNewAssessment(one);
        }

        return local.CreateAssessmentsAsync(feedback, MonitorMetadataKeys.IdempotencyKey, cancellationToken);
    }
}
