using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>The largest page a trace search may ask for, as MLflow servers allow.</summary>
    public const int MaxTracePageSize = 500;

    /// <summary>
    /// Searches traces, following pages automatically, as Python's <c>search_traces</c>. Traces come with their assessments and,
    /// unless <see cref="TraceSearchOptions.IncludeSpans"/> is off, their spans.
    /// </summary>
    /// <param name="options">What to search; <see langword="null"/> for every trace of the active experiment.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The traces.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to 500, or the result cap is below 1.</exception>
    /// <exception cref="MlflowException">INVALID_PARAMETER_VALUE, with no HTTP status, for a filter that breaks MLflow's grammar (checked before any I/O).</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async IAsyncEnumerable<Trace> SearchTracesAsync(
        TraceSearchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new TraceSearchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PageSize, MaxTracePageSize, nameof(options));
        if (options.MaxResults is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(options));
        }

        // MLflow's grammar is checked here, before any request, on every backend.
        TraceFilterParser.Parse(options.Filter);
        TraceOrderByParser.Parse(options.OrderBy);

        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.SearchTraces");
        var experimentIds = options.ExperimentIds is { Count: > 0 } ids
            ? ids
            : [await GetActiveExperimentIdAsync(cancellationToken).RecordFailureOn(activity).ConfigureAwait(false)];
        var returned = 0;
        string? pageToken = null;
        do
        {
            var pageSize = options.MaxResults is { } max ? Math.Min(options.PageSize, max - returned) : options.PageSize;
            var page = await traces.SearchTracesAsync(
                new TraceSearchRequest(experimentIds, options.Filter, options.OrderBy, pageSize, pageToken), cancellationToken)
                .RecordFailureOn(activity).ConfigureAwait(false);
            var withSpans = await WithSpansAsync(traces, page.Traces, options.IncludeSpans, cancellationToken).RecordFailureOn(activity).ConfigureAwait(false);
            foreach (var trace in withSpans)
            {
                yield return trace;
                if (++returned == options.MaxResults)
                {
                    yield break;
                }
            }

            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));
    }

    /// <summary>Gets one trace with its spans and assessments, as Python's <c>get_trace</c>.</summary>
    /// <param name="traceId">The trace id, such as <c>tr-…</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such trace, or another backend error.</exception>
    public virtual async Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetTrace");
        try
        {
            return await traces.GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Gets several traces with their spans in one call; ids that do not exist are left out.</summary>
    /// <param name="traceIds">The trace ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The traces that exist.</returns>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<IReadOnlyList<Trace>> GetTracesAsync(IEnumerable<string> traceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var ids = traceIds.ToList();
        if (ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Trace ids must not be empty.", nameof(traceIds));
        }

        var traces = RequireTraceStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetTraces");
        try
        {
            return ids.Count == 0 ? [] : await traces.GetTracesAsync(ids, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private static async Task<IReadOnlyList<Trace>> WithSpansAsync(
        ITraceStore traces, IReadOnlyList<TraceInfo> infos, bool includeSpans, CancellationToken cancellationToken)
    {
        if (!includeSpans || infos.Count == 0)
        {
            return infos.Select(info => new Trace { Info = info }).ToList();
        }

        var full = (await traces.GetTracesAsync(infos.Select(i => i.TraceId).ToList(), cancellationToken).ConfigureAwait(false))
            .ToDictionary(t => t.TraceId, StringComparer.Ordinal);

        // Keep the search's order; a trace the batch call left out (no spans stored) still comes back with its info.
        return infos.Select(info => full.TryGetValue(info.TraceId, out var trace) ? trace : new Trace { Info = info }).ToList();
    }

    private ITraceStore RequireTraceStore() =>
        _store as ITraceStore ?? throw new ScorerOperationNotSupportedException("This backend does not store traces.");
}
