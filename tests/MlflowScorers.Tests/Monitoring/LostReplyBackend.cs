using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>A backend whose every n-th feedback write lands but answers 500, as when a reply is lost on the way back.</summary>
internal sealed class LostReplyBackend(IMonitorBackend inner, int everyNth) : IMonitorBackend
{
    private int _writes;
    private int _lost;

    public int LostReplies => _lost;

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) => inner.GetExperimentAsync(experimentId, cancellationToken);

    public Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) => inner.SetTagAsync(experimentId, key, value, cancellationToken);

    public Task DeleteTagAsync(string experimentId, string key, CancellationToken cancellationToken) => inner.DeleteTagAsync(experimentId, key, cancellationToken);

    public IAsyncEnumerable<Trace> SearchAsync(TraceSearchOptions options, CancellationToken cancellationToken) => inner.SearchAsync(options, cancellationToken);

    public Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken) => inner.GetTracesAsync(traceIds, cancellationToken);

    public async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var stored = await inner.CreateAssessmentAsync(assessment, cancellationToken);
        if (Interlocked.Increment(ref _writes) % everyNth == 0)
        {
            Interlocked.Increment(ref _lost);
            throw new MlflowApiException(HttpStatusCode.InternalServerError, new MlflowErrorCode("INTERNAL_ERROR"), "The reply was lost (simulated).");
        }

        return stored;
    }
}
