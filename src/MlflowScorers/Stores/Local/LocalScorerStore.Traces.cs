using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Local;

/// <summary>The local store's traces and assessments, in the same file as its scorers; see <see cref="LocalTraceStore"/>.</summary>
internal sealed partial class LocalScorerStore : ITraceStore, ITraceWriter
{
    private readonly LocalTraceStore _traces;

    /// <inheritdoc />
    public async Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.SearchTracesAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.GetTracesAsync(traceIds, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.CreateAssessmentAsync(assessment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates assessments in one transaction, skipping any whose <paramref name="uniqueMetadataKey"/> value is already on its
    /// trace and refusing any whose trace is gone (see <see cref="LocalAssessmentOperations.CreateBatchAsync"/>).
    /// </summary>
    /// <returns>Per assessment, in order, what was done with it.</returns>
    public async Task<IReadOnlyList<AssessmentWriteOutcome>> CreateAssessmentsAsync(
        IReadOnlyList<Assessment> assessments, string uniqueMetadataKey, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await LocalAssessmentOperations.CreateBatchAsync(_database, _timeProvider, assessments, uniqueMetadataKey, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.GetAssessmentAsync(traceId, assessmentId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Assessment> UpdateAssessmentAsync(
        string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _traces.UpdateAssessmentAsync(traceId, assessmentId, update, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _traces.DeleteAssessmentAsync(traceId, assessmentId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteTraceAsync(string experimentId, Trace trace, CancellationToken cancellationToken)
    {
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _traces.WriteTraceAsync(experimentId, trace, cancellationToken).ConfigureAwait(false);
    }
}
