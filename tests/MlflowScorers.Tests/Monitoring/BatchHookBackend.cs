using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// A monitor backend that passes everything through, and runs a hook around the n-th batched feedback write and after each
/// trace fetch, for tests of the local store's atomic batch path and of the leases: a crash before or after the batch landed,
/// another writer or a deletion just before it, a lost reply, a lease taken over mid-batch.
/// </summary>
internal sealed class BatchHookBackend(IMonitorBackend inner) : IMonitorBackend
{
    private int _batches;

    /// <summary>Which batch write the hooks act on (1 for the first).</summary>
    public int Nth { get; init; } = 1;

    /// <summary>Runs before the n-th batch reaches the backend, with its feedback.</summary>
    public Func<IReadOnlyList<Assessment>, Task>? BeforeBatch { get; init; }

    /// <summary>Runs after the n-th batch landed, with what the backend did; a throw here is a reply lost after the commit.</summary>
    public Action<IReadOnlyList<AssessmentWriteOutcome>>? AfterBatch { get; init; }

    /// <summary>Runs after every trace fetch of a batch.</summary>
    public Func<Task>? AfterFetch { get; init; }

    public int BatchWrites => _batches;

    public bool WritesFeedbackBatches => inner.WritesFeedbackBatches;

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) => inner.GetExperimentAsync(experimentId, cancellationToken);

    public Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) => inner.SetTagAsync(experimentId, key, value, cancellationToken);

    public Task DeleteTagAsync(string experimentId, string key, CancellationToken cancellationToken) => inner.DeleteTagAsync(experimentId, key, cancellationToken);

    public IAsyncEnumerable<Trace> SearchAsync(TraceSearchOptions options, CancellationToken cancellationToken) => inner.SearchAsync(options, cancellationToken);

    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        var traces = await inner.GetTracesAsync(traceIds, cancellationToken);
        if (AfterFetch is { } hook)
        {
            await hook();
        }

        return traces;
    }

    public Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken) => inner.CreateAssessmentAsync(assessment, cancellationToken);

    public async Task<IReadOnlyList<AssessmentWriteOutcome>> CreateFeedbackBatchAsync(IReadOnlyList<Assessment> feedback, CancellationToken cancellationToken)
    {
        var nth = Interlocked.Increment(ref _batches) == Nth;
        if (nth && BeforeBatch is { } before)
        {
            await before(feedback);
        }

        var outcomes = await inner.CreateFeedbackBatchAsync(feedback, cancellationToken);
        if (nth)
        {
            AfterBatch?.Invoke(outcomes);
        }

        return outcomes;
    }
}
