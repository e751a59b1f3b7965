using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Traces;
using MlflowScorers.Traces;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Traces and assessments over MLflow 3's REST API, with the Python client's request shapes (spec §9, Errata 26–27).</summary>
internal sealed partial class MlflowServerStore : ITraceStore
{
    /// <summary>How many ids one batchGet asks for, to keep the query string short.</summary>
    private const int BatchSize = 50;

    private static readonly TraceWireJsonContext s_traceJson = TraceWireJsonContext.Default;

    /// <summary>Whether the server has GET …/traces/get (3.11); null until the first call finds out.</summary>
    private bool? _hasTraceGetRoute;

    public async Task<TracePage> SearchTracesAsync(TraceSearchRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["locations"] = new JsonArray(request.ExperimentIds.Select(id => (JsonNode)new JsonObject
            {
                ["type"] = "MLFLOW_EXPERIMENT",
                ["mlflow_experiment"] = new JsonObject { ["experiment_id"] = id },
            }).ToArray()),
        };
        if (request.Filter is { } filter)
        {
            body["filter"] = filter;
        }

        body["max_results"] = request.MaxResults;
        if (request.OrderBy is { Count: > 0 } orderBy)
        {
            body["order_by"] = new JsonArray(orderBy.Select(o => (JsonNode)JsonValue.Create(o)).ToArray());
        }

        if (request.PageToken is { } token)
        {
            body["page_token"] = token;
        }

        var response = await _rest.SendAsync(
            HttpMethod.Post, TracePaths.Search, body, s_traceJson.JsonObject, s_traceJson.JsonElement, nonIdempotent: false, cancellationToken)
            .ConfigureAwait(false);
        var traces = response.TryGetProperty("traces", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(TraceJsonParser.ParseInfo).ToList()
            : [];
        var next = response.TryGetProperty("next_page_token", out var nextToken) ? nextToken.GetString() : null;
        return new TracePage(traces, string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<Trace> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        if (_hasTraceGetRoute != false)
        {
            try
            {
                var response = await _rest.GetAsync(
                    TracePaths.Get, [Pair("trace_id", traceId), Pair("allow_partial", "False")], s_traceJson.JsonElement, cancellationToken)
                    .ConfigureAwait(false);
                _hasTraceGetRoute = true;
                return TraceJsonParser.ParseTrace(response.GetProperty("trace"));
            }
            catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.EndpointNotFound)
            {
                // An HTML 404: a server older than 3.11 has no …/traces/get; use 3.6's info call plus batchGet.
                _hasTraceGetRoute = false;
            }
        }

        var info = await _rest.GetAsync(TracePaths.Info(traceId), [Pair("trace_id", traceId)], s_traceJson.JsonElement, cancellationToken)
            .ConfigureAwait(false);
        var traceInfo = TraceJsonParser.ParseInfo(info.GetProperty("trace").GetProperty("trace_info"));
        var withSpans = await BatchGetAsync([traceId], cancellationToken).ConfigureAwait(false);
        return withSpans.Count > 0 ? withSpans[0] with { Info = traceInfo } : new Trace { Info = traceInfo };
    }

    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        var result = new List<Trace>(traceIds.Count);
        foreach (var chunk in traceIds.Chunk(BatchSize))
        {
            try
            {
                result.AddRange(await BatchGetAsync(chunk, cancellationToken).ConfigureAwait(false));
            }
            catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.InternalError)
            {
                // 3.11 answers 500 for the whole batch when one trace has no stored spans (Errata 26): fetch one by one.
                foreach (var id in chunk)
                {
                    if (await TryGetOneAsync(id, cancellationToken).ConfigureAwait(false) is { } trace)
                    {
                        result.Add(trace);
                    }
                }
            }
        }

        return result;
    }

    public async Task<Assessment> CreateAssessmentAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var traceId = assessment.TraceId ?? throw new ArgumentException("The assessment has no trace id.", nameof(assessment));
        var body = new JsonObject { ["assessment"] = AssessmentWire.ToJson(assessment, traceId, _timeProvider.GetUtcNow()) };

        // Not idempotent: a retried POST could store the feedback twice, so only failures before sending are retried.
        var response = await _rest.SendAsync(
            HttpMethod.Post, TracePaths.Assessments(traceId), body, s_traceJson.JsonObject, s_traceJson.JsonElement, nonIdempotent: true, cancellationToken)
            .ConfigureAwait(false);
        return ReadAssessment(response, traceId);
    }

    public async Task<Assessment> GetAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        var response = await _rest.GetAsync(
            TracePaths.Assessment(traceId, assessmentId),
            [Pair("trace_id", traceId), Pair("assessment_id", assessmentId)],
            s_traceJson.JsonElement,
            cancellationToken).ConfigureAwait(false);
        return ReadAssessment(response, traceId);
    }

    public async Task<Assessment> UpdateAssessmentAsync(
        string traceId, string assessmentId, AssessmentUpdate update, CancellationToken cancellationToken)
    {
        var (assessment, mask) = AssessmentWire.ToUpdate(traceId, assessmentId, update);
        var body = new JsonObject { ["assessment"] = assessment, ["update_mask"] = mask };
        var response = await _rest.SendAsync(
            HttpMethod.Patch, TracePaths.Assessment(traceId, assessmentId), body, s_traceJson.JsonObject, s_traceJson.JsonElement, nonIdempotent: false, cancellationToken)
            .ConfigureAwait(false);
        return ReadAssessment(response, traceId);
    }

    public async Task DeleteAssessmentAsync(string traceId, string assessmentId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["trace_id"] = traceId, ["assessment_id"] = assessmentId };
        await _rest.SendAsync(
            HttpMethod.Delete, TracePaths.Assessment(traceId, assessmentId), body, s_traceJson.JsonObject, s_traceJson.JsonElement, nonIdempotent: false, cancellationToken)
            .ConfigureAwait(false);
    }

    private static Assessment ReadAssessment(JsonElement response, string traceId) =>
        response.TryGetProperty("assessment", out var element) && TraceJsonParser.ParseAssessment(element, traceId) is { } assessment
            ? assessment
            : throw new MlflowException("The server's assessment response holds neither feedback nor an expectation.");

    private async Task<IReadOnlyList<Trace>> BatchGetAsync(IReadOnlyList<string> traceIds, CancellationToken cancellationToken)
    {
        var response = await _rest.GetAsync(
            TracePaths.BatchGet, traceIds.Select(id => Pair("trace_ids", id)).ToList(), s_traceJson.JsonElement, cancellationToken)
            .ConfigureAwait(false);
        return response.TryGetProperty("traces", out var traces) && traces.ValueKind == JsonValueKind.Array
            ? traces.EnumerateArray().Select(TraceJsonParser.ParseTrace).ToList()
            : [];
    }

    private async Task<Trace?> TryGetOneAsync(string traceId, CancellationToken cancellationToken)
    {
        try
        {
            return await GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.InternalError || e.ErrorCode == MlflowErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }
}
