using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Stores.MlflowServer;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// One trace-store call replayed against captured exchanges: the requests it must send, in order (captured ones, plus the
/// synthetic answers of a server without a route), and the check of its result or error.
/// </summary>
internal sealed record TraceReplayCase(
    IReadOnlyList<CapturedExchange> Exchanges,
    Func<MlflowServerStore, Task<object?>> Invoke,
    Action<object?, Exception?> Check,
    DateTimeOffset Now)
{
    public const string HtmlNotFound =
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. " +
        "If you entered the URL manually please check your spelling and try again.</p>";

    private const string Traces = "/api/3.0/mlflow/traces/";
    private static readonly DateTimeOffset s_defaultNow = new(2026, 11, 26, 16, 0, 0, 125, TimeSpan.Zero);

    public CapturedExchange Primary => Exchanges.First(e => !e.Source.StartsWith("synthetic", StringComparison.Ordinal));

    public override string ToString() => Primary.ToString();

    public static TraceReplayCase? TryCreate(IReadOnlyList<CapturedExchange> all, int index)
    {
        var ex = all[index];
        if (!ex.Path.StartsWith(Traces, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ex.Path[Traces.Length..].Split('/');
        var body = string.IsNullOrEmpty(ex.RequestBody) ? null : JsonNode.Parse(ex.RequestBody);
        var ct = CancellationToken.None;
        return (ex.Method, rest) switch
        {
            ("POST", ["search"]) => new([ex], async s => await s.SearchTracesAsync(SearchRequest(body!), ct), (r, e) => CheckPage(ex, r, e), s_defaultNow),
            ("GET", ["batchGet"]) => BatchGet(ex),
            ("GET", ["get"]) => new([ex], async s => await s.GetTraceAsync(ex.QueryValue("trace_id")!, ct),
                (result, error) => CheckTrace(result, error, JsonNode.Parse(ex.ResponseBody)!["trace"]!), s_defaultNow),
            ("GET", [var traceId]) => InfoThenBatchGet(ex, traceId, index + 1 < all.Count ? all[index + 1] : null),
            ("POST", [var traceId, "assessments"]) => new([ex], async s => await s.CreateAssessmentAsync(
                    TraceJsonExpectations.FromRequest(body!["assessment"]!) with { TraceId = traceId }, ct),
                (result, error) => CheckAssessmentReply(ex, result, error),
                TraceJsonExpectations.Time(body!["assessment"]!["create_time"]) ?? s_defaultNow),
            ("GET", [var traceId, "assessments", var id]) => new([ex], async s => await s.GetAssessmentAsync(traceId, id, ct),
                (result, error) => CheckAssessmentReply(ex, result, error), s_defaultNow),
            ("PATCH", [var traceId, "assessments", var id]) => new([ex], async s => await s.UpdateAssessmentAsync(
                    traceId, id, Update(body!), ct),
                (result, error) => CheckAssessmentReply(ex, result, error), s_defaultNow),
            ("DELETE", [var traceId, "assessments", var id]) => new([ex], async s =>
                {
                    await s.DeleteAssessmentAsync(traceId, id, ct);
                    return null;
                }, (_, error) => error.Should().BeNull(), s_defaultNow),
            _ => null,
        };
    }

    public static CapturedExchange Synthetic(string method, string pathAndQuery, int status, string contentType, string body) =>
        new($"synthetic {method} {pathAndQuery}", method, pathAndQuery, string.Empty, status, contentType, body);

    private static TraceSearchRequest SearchRequest(JsonNode body) => new(
        body["locations"]!.AsArray().Select(l => (string)l!["mlflow_experiment"]!["experiment_id"]!).ToList(),
        (string?)body["filter"],
        body["order_by"]?.AsArray().Select(o => (string)o!).ToList(),
        (int)body["max_results"]!,
        (string?)body["page_token"]);

    private static TraceReplayCase BatchGet(CapturedExchange ex)
    {
        var ids = ex.Query.Where(kv => kv.Key == "trace_ids").Select(kv => kv.Value).ToList();
        if (ex.Status == 200)
        {
            return new([ex], async s => await s.GetTracesAsync(ids, CancellationToken.None), (result, error) =>
            {
                error.Should().BeNull();
                var traces = JsonNode.Parse(ex.ResponseBody)!["traces"]?.AsArray() ?? [];
                var read = (IReadOnlyList<Trace>)result!;
                read.Should().HaveCount(traces.Count);
                for (var i = 0; i < traces.Count; i++)
                {
                    TraceJsonExpectations.CheckTrace(read[i], traces[i]!);
                }
            }, s_defaultNow);
        }

        // A 500 (3.11, a trace without spans): each trace is then fetched alone, and one that fails is left out.
        var exchanges = new List<CapturedExchange> { ex };
        foreach (var id in ids)
        {
            exchanges.Add(Synthetic("GET", $"{Traces}get?trace_id={id}&allow_partial=False", ex.Status, ex.ContentType, ex.ResponseBody));
        }

        return new(exchanges, async s => await s.GetTracesAsync(ids, CancellationToken.None), (result, error) =>
        {
            error.Should().BeNull();
            ((IReadOnlyList<Trace>)result!).Should().BeEmpty();
        }, s_defaultNow);
    }

    /// <summary>A server without <c>traces/get</c> (3.6): the info route, then batchGet (the captured next call, else 3.6's <c>{}</c>).</summary>
    private static TraceReplayCase InfoThenBatchGet(CapturedExchange ex, string traceId, CapturedExchange? next)
    {
        var batch = next is { Method: "GET" } && next.Path == Traces + "batchGet" && next.QueryValue("trace_ids") == traceId
            ? next
            : Synthetic("GET", $"{Traces}batchGet?trace_ids={traceId}", 200, "application/json", "{}");
        var exchanges = new[]
        {
            Synthetic("GET", $"{Traces}get?trace_id={traceId}&allow_partial=False", 404, "text/html; charset=utf-8", HtmlNotFound),
            ex,
            batch,
        };
        return new(exchanges, async s => await s.GetTraceAsync(traceId, CancellationToken.None), (result, error) =>
        {
            error.Should().BeNull();
            var trace = (Trace)result!;
            TraceJsonExpectations.CheckTraceInfo(trace.Info, JsonNode.Parse(ex.ResponseBody)!["trace"]!["trace_info"]!);
            var spans = JsonNode.Parse(batch.ResponseBody)!["traces"]?[0]?["spans"]?.AsArray() ?? [];
            trace.Spans.Should().HaveCount(spans.Count);
            TraceJsonExpectations.CheckRootAgainstMetadata(trace);
        }, s_defaultNow);
    }

    private static AssessmentUpdate Update(JsonNode body)
    {
        var assessment = body["assessment"]!;
        var mask = ((string)body["update_mask"]!).Split(',');
        return new AssessmentUpdate
        {
            Name = mask.Contains("assessmentName") ? (string?)assessment["assessment_name"] : null,
            Rationale = mask.Contains("rationale") ? (string?)assessment["rationale"] : null,
            Value = mask.Contains("feedback") ? AssessmentValue.ForFeedback(assessment["feedback"]!["value"]?.DeepClone())
                : mask.Contains("expectation") ? AssessmentValue.ForExpectation(assessment["expectation"]!["value"]?.DeepClone())
                : null,
            Metadata = mask.Contains("metadata") ? assessment["metadata"]!.AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!) : null,
            Valid = mask.Contains("valid") ? (bool?)assessment["valid"] : null,
        };
    }

    private static void CheckPage(CapturedExchange ex, object? result, Exception? error)
    {
        error.Should().BeNull();
        var json = JsonNode.Parse(ex.ResponseBody)!;
        var page = (TracePage)result!;
        var traces = json["traces"]?.AsArray() ?? [];
        page.Traces.Should().HaveCount(traces.Count);
        for (var i = 0; i < traces.Count; i++)
        {
            TraceJsonExpectations.CheckTraceInfo(page.Traces[i], traces[i]!);
        }

        page.NextPageToken.Should().Be((string?)json["next_page_token"]);
    }

    private static void CheckTrace(object? result, Exception? error, JsonNode json)
    {
        error.Should().BeNull();
        TraceJsonExpectations.CheckTrace((Trace)result!, json);
    }

    private static void CheckAssessmentReply(CapturedExchange ex, object? result, Exception? error)
    {
        var json = JsonNode.Parse(ex.ResponseBody)!;
        if (ex.Status == 200)
        {
            error.Should().BeNull();
            TraceJsonExpectations.CheckAssessment((Assessment)result!, json["assessment"]!);
            return;
        }

        var api = error.Should().BeOfType<MlflowApiException>().Subject;
        ((int)api.StatusCode).Should().Be(ex.Status);
        api.ErrorCode.Should().Be(new MlflowErrorCode((string)json["error_code"]!));
        api.Message.Should().Be((string)json["message"]!);
    }
}
