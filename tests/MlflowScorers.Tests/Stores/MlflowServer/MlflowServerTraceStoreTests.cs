using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using WireMock.Matchers;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// The server store's trace reads beyond single captured exchanges: paging, the 3.6 get-route fallback, the 3.11 batchGet 500
/// fallback, chunking, time formats and cancellation.
/// </summary>
public sealed class MlflowServerTraceStoreTests : TraceStoreTestBase
{
    [Test]
    public async Task SearchTraces_TwoPages_SendsPythonBodiesAndEndsWithoutToken()
    {
        Answer("POST", Traces + "search", 200, Json,
            """{"traces": [{"trace_id": "tr-2", "request_time": "2026-11-26T16:16:52Z", "execution_duration": "1.5s"}]}""",
            bodyMatcher: new JsonPartialMatcher("""{"page_token": "tok-2"}"""), priority: 1);
        Answer("POST", Traces + "search", 200, Json, """
            {"traces": [{"trace_id": "tr-1", "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "2"}},
              "request_time": "2026-11-26T16:16:52.123456789Z", "execution_duration": "0s", "state": "ERROR"}],
             "next_page_token": "tok-2"}
            """);
        using var test = new TestStore(Server.Url!);

        var first = await test.Store.SearchTracesAsync(
            new TraceSearchRequest(["1", "2"], "tags.env = 'prod'", ["timestamp_ms DESC"], 1, null), CancellationToken.None);
        var second = await test.Store.SearchTracesAsync(
            new TraceSearchRequest(["1", "2"], "tags.env = 'prod'", ["timestamp_ms DESC"], 1, first.NextPageToken), CancellationToken.None);

        first.NextPageToken.Should().Be("tok-2");
        var info = first.Traces.Should().ContainSingle().Subject;
        info.TraceId.Should().Be("tr-1");
        info.ExperimentId.Should().Be("2");
        info.State.Should().Be("ERROR");
        info.RequestTime.Should().Be(new DateTimeOffset(2026, 11, 26, 16, 16, 52, TimeSpan.Zero).AddTicks(1_234_568));
        info.ExecutionDuration.Should().Be(TimeSpan.Zero);
        second.NextPageToken.Should().BeNull();
        second.Traces.Should().ContainSingle().Which.ExecutionDuration.Should().Be(TimeSpan.FromSeconds(1.5));
        var bodies = Server.LogEntries.Select(e => e.RequestMessage.Body!).ToList();
        const string Expected = """
            {"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "1"}},
                           {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "2"}}],
             "filter": "tags.env = 'prod'", "max_results": 1, "order_by": ["timestamp_ms DESC"]}
            """;
        JsonEquivalence.AreEquivalent(bodies[0], Expected).Should().BeTrue(bodies[0]);
        var withToken = JsonNode.Parse(Expected)!.AsObject();
        withToken["page_token"] = "tok-2";
        JsonEquivalence.AreEquivalent(JsonNode.Parse(bodies[1]), withToken).Should().BeTrue(bodies[1]);
    }

    [Test]
    public async Task GetTraces_BatchGet500_FetchesEachTraceAloneAndLeavesOutFailingAndSpanlessOnes()
    {
        const string Spanless = "tr-cbeeb6b31224494684170df287a873d3";
        var spanless = Captured("mlflow-3.11/rest-captures.txt", "GET", Traces + Spanless);
        var batchError = Captured("mlflow-3.11/rest-captures.txt", "GET", Traces + "batchGet");
        var good = Captured("mlflow-3.11/python-client-traffic.jsonl", "GET", Traces + "get");
        Answer("GET", Traces + "batchGet", batchError.Status, batchError.ContentType, batchError.ResponseBody);
        Answer("GET", Traces + "get", 200, good.ContentType, good.ResponseBody, param: ("trace_id", good.QueryValue("trace_id")!));
        Answer("GET", Traces + "get", batchError.Status, batchError.ContentType, batchError.ResponseBody, param: ("trace_id", "tr-no-spans"));
        Answer("GET", Traces + "get", 200, Json, spanless.ResponseBody, param: ("trace_id", Spanless));
        using var test = new TestStore(Server.Url!);

        var traces = await test.Store.GetTracesAsync([good.QueryValue("trace_id")!, "tr-no-spans", Spanless], CancellationToken.None);

        var trace = traces.Should().ContainSingle().Subject;
        TraceJsonExpectations.CheckTrace(trace, JsonNode.Parse(good.ResponseBody)!["trace"]!);
        trace.Spans.Should().ContainSingle();
        trace.Inputs!["question"]!.GetValue<string>().Should().Be("What is MLflow?");
        Sent().Should().Equal(
            $"GET {Traces}batchGet?trace_ids={good.QueryValue("trace_id")}&trace_ids=tr-no-spans&trace_ids={Spanless}",
            $"GET {good.PathAndQuery}",
            $"GET {Traces}get?trace_id=tr-no-spans&allow_partial=False",
            $"GET {Traces}get?trace_id={Spanless}&allow_partial=False");
    }

    [Test]
    public async Task GetTrace_ServerWithoutGetRoute_ReadsInfoThenBatchGetAndProbesOnlyOnce()
    {
        var info = Captured("mlflow-3.6/python-client-traffic.jsonl", "GET", Traces + "tr-41b4de4132d8878bb91a6e727b9612b9");
        var batch = FixtureTraffic.PythonClient("mlflow-3.6").Last(e => e.Path == Traces + "batchGet");
        Answer("GET", Traces + "get", 404, "text/html; charset=utf-8", TraceReplayCase.HtmlNotFound);
        Answer("GET", info.Path, 200, Json, info.ResponseBody);
        Answer("GET", Traces + "batchGet", 200, Json, batch.ResponseBody);
        using var test = new TestStore(Server.Url!);

        var first = await test.Store.GetTraceAsync("tr-41b4de4132d8878bb91a6e727b9612b9", CancellationToken.None);
        var second = await test.Store.GetTraceAsync("tr-41b4de4132d8878bb91a6e727b9612b9", CancellationToken.None);

        foreach (var trace in new[] { first, second })
        {
            TraceJsonExpectations.CheckTraceInfo(trace.Info, JsonNode.Parse(info.ResponseBody)!["trace"]!["trace_info"]!);
            trace.Spans.Should().HaveCount(2);
            trace.Outputs!.GetValue<string>().Should().Be("Hello! You asked: What is MLflow?");
            trace.Info.Assessments.Should().ContainSingle().Which.CreateTime
                .Should().Be(new DateTimeOffset(2026, 11, 26, 15, 55, 31, 442, TimeSpan.Zero));
        }

        Sent().Should().Equal(
            $"GET {Traces}get?trace_id=tr-41b4de4132d8878bb91a6e727b9612b9&allow_partial=False",
            $"GET {info.PathAndQuery}",
            $"GET {batch.PathAndQuery}",
            $"GET {info.PathAndQuery}",
            $"GET {batch.PathAndQuery}");
    }

    [Test]
    public async Task GetTrace_MissingTraceOnGetRoute_ThrowsResourceDoesNotExistWithoutFallingBack()
    {
        Answer("GET", Traces + "get", 404, Json, """{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Trace with ID tr-x is not found."}""");
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.GetTraceAsync("tr-x", CancellationToken.None);

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        Sent().Should().Equal($"GET {Traces}get?trace_id=tr-x&allow_partial=False");
    }

    [Test]
    public async Task GetTraces_MoreIdsThanAChunk_SplitsBatchGetAndLeavesOutAbsentTraces()
    {
        Answer("GET", Traces + "batchGet", 200, Json, "{}");
        using var test = new TestStore(Server.Url!);
        var ids = Enumerable.Range(0, 250).Select(i => $"tr-{i}").ToList();

        var traces = await test.Store.GetTracesAsync(ids, CancellationToken.None);

        traces.Should().BeEmpty();
        var sent = Server.LogEntries.Select(e => new CapturedExchange("sent", "GET", new Uri(e.RequestMessage.AbsoluteUrl).PathAndQuery, "", 0, "", "")).ToList();
        sent.Select(e => e.Query.Count).Should().Equal(100, 100, 50);
        sent.SelectMany(e => e.Query).Should().OnlyContain(kv => kv.Key == "trace_ids");
        sent.SelectMany(e => e.Query.Select(kv => kv.Value)).Should().Equal(ids);
    }

    [Test]
    public async Task SearchTraces_Cancelled_ThrowsWithoutSending()
    {
        using var test = new TestStore(Server.Url!);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => test.Store.SearchTracesAsync(new TraceSearchRequest(["1"], null, null, 10, null), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        Server.LogEntries.Should().BeEmpty();
    }
}
