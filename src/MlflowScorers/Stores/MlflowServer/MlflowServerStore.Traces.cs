using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Trace search and reads, as the 3.6 and 3.11 Python clients make them (Errata 26 to 29).</summary>
internal sealed partial class MlflowServerStore
{
    /// <summary>The most trace ids one batchGet asks for; longer lists are split.</summary>
    public const int BatchGetChunkSize = 100;

    private const string TraceInfoEndpoint = "/api/3.0/mlflow/traces/{trace_id}";

    private volatile TraceRoute _traceRoute;

    private enum TraceRoute
    {
        Unknown,
        Get,
        InfoAndBatchGet,
    }

    public async Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new SearchTracesRequest(
            request.ExperimentIds.Select(TraceLocationDto.ForExperiment).ToList(),
            string.IsNullOrEmpty(request.Filter) ? null : request.Filter,
            request.MaxResults,
            request.OrderBy is { Count: > 0 } orderBy ? orderBy : null,
            string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken);
        var response = await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.SearchTraces,
            body,
            s_json.SearchTracesRequest,
            s_json.SearchTracesResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
        var traces = (response.Traces ?? []).Select(info => TraceWireMapper.ToModel(info, MlflowServerPaths.SearchTraces)).ToList();
        return new TracePage(traces, string.IsNullOrEmpty(response.NextPageToken) ? null : response.NextPageToken);
    }

    /// <summary>
    /// GET <c>…/traces/get?trace_id=…&amp;allow_partial=False</c> as the 3.11 client; a server without that route (3.6 answers an
    /// HTML 404) is read as the 3.6 client reads it, GET <c>…/traces/{id}</c> then batchGet, for the rest of the store's life.
    /// </summary>
    public async Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        if (_traceRoute != TraceRoute.InfoAndBatchGet)
        {
            try
            {
                var reply = await _rest.GetAsync(
                    MlflowServerPaths.GetTrace,
                    [Pair("trace_id", traceId), Pair("allow_partial", "False")],
                    s_json.JsonElement,
                    cancellationToken).ConfigureAwait(false);
                _traceRoute = TraceRoute.Get;
                return TraceWireMapper.ReadGetReply(reply, MlflowServerPaths.GetTrace);
            }
            catch (MlflowApiException ex) when (_traceRoute == TraceRoute.Unknown && IsMissingRoute(ex))
            {
                _traceRoute = TraceRoute.InfoAndBatchGet;
            }
        }

        var infoReply = await _rest.GetAsync(
            MlflowServerPaths.TraceInfo(traceId), [Pair("trace_id", traceId)], s_json.JsonElement, cancellationToken).ConfigureAwait(false);
        var info = TraceWireMapper.ReadGetReply(infoReply, TraceInfoEndpoint).Info;
        var withSpans = await BatchGetAsync([traceId], cancellationToken).ConfigureAwait(false);
        return new Trace { Info = info, Spans = withSpans.FirstOrDefault(t => t.TraceId == traceId)?.Spans ?? [] };
    }

    /// <summary>
    /// batchGet in chunks; a trace the server leaves out is absent. After a 500 (3.11 on a trace without spans) the chunk's
    /// traces are fetched one by one and those that fail or have no spans are left out (Errata 26).
    /// </summary>
    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var result = new List<Trace>();
        foreach (var chunk in traceIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetChunkSize))
        {
            try
            {
                result.AddRange(await BatchGetAsync(chunk, cancellationToken).ConfigureAwait(false));
            }
            catch (MlflowApiException ex) when (ex.StatusCode == HttpStatusCode.InternalServerError)
            {
                result.AddRange(await GetOneByOneAsync(chunk, cancellationToken).ConfigureAwait(false));
            }
        }

        return result;
    }

    private static bool IsMissingRoute(MlflowApiException ex) =>
        ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == MlflowErrorCode.EndpointNotFound;

    private async Task<IReadOnlyList<Trace>> BatchGetAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        var reply = await _rest.GetAsync(
            MlflowServerPaths.BatchGetTraces,
            traceIds.Select(id => Pair("trace_ids", id)),
            s_json.JsonElement,
            cancellationToken).ConfigureAwait(false);
        return TraceWireMapper.ReadBatchGetReply(reply, MlflowServerPaths.BatchGetTraces);
    }

    private async Task<List<Trace>> GetOneByOneAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        var result = new List<Trace>();
        foreach (var traceId in traceIds)
        {
            try
            {
                var trace = await GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
                if (trace.Spans.Count > 0)
                {
                    result.Add(trace);
                }
            }
            catch (MlflowApiException)
            {
                // The trace the batch failed on (for example one stored without spans): left out, as batchGet leaves it out on 3.6.
            }
        }

        return result;
    }
}
