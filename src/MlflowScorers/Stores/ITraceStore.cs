using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>
/// Traces and assessments, in MLflow's terms, on every backend. Errors are <see cref="MlflowApiException"/> with MLflow's codes,
/// messages and HTTP statuses. Implementations are thread-safe.
/// </summary>
internal interface ITraceStore
{
    /// <summary>One page of trace infos (no spans) matching the request.</summary>
    Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken);

    /// <summary>One trace with its spans and assessments. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>Several traces with their spans; traces that do not exist (or have no spans) are left out.</summary>
    Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken);

    /// <summary>Creates an assessment on <see cref="Assessment.TraceId"/> and returns it as stored (id and times filled in).</summary>
    Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken);

    /// <summary>One assessment. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken);

    /// <summary>Applies an update (only its set fields) and returns the assessment as stored.</summary>
    Task<Assessment> UpdateAssessmentAsync(string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken);

    /// <summary>Deletes an assessment. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken);
}

/// <summary>A trace search, as MLflow's <c>search_traces</c> takes it.</summary>
/// <param name="ExperimentIds">The experiments to search.</param>
/// <param name="Filter">A filter in MLflow's trace filter grammar, or <see langword="null"/>.</param>
/// <param name="OrderBy">Order clauses such as <c>timestamp_ms DESC</c>, or <see langword="null"/> for MLflow's default.</param>
/// <param name="MaxResults">The page size, 1 to 500.</param>
/// <param name="PageToken">The token of the page to fetch, or <see langword="null"/> for the first.</param>
internal sealed record TraceSearchRequest(
    IReadOnlyList<string> ExperimentIds,
    string? Filter,
    IReadOnlyList<string>? OrderBy,
    int MaxResults,
    string? PageToken);

/// <summary>One page of a trace search.</summary>
/// <param name="Traces">The trace infos.</param>
/// <param name="NextPageToken">The next page's token, or <see langword="null"/> at the end.</param>
internal sealed record TracePage(IReadOnlyList<TraceInfo> Traces, string? NextPageToken);
