using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// The server store's trace behaviour beyond single captured exchanges: paging, the 3.6 get-route fallback, the 3.11 batchGet
/// 500 fallback, chunking, update masks, value encodings and time formats.
/// </summary>
public sealed class MlflowServerTraceStoreTests
{
    private const string Traces = "/api/3.0/mlflow/traces/";
    private const string Json = "application/json";

    private WireMockServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = WireMockServer.Start();

    [SetUp]
    public void ResetServer() => _server.Reset();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

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
        using var test = new TestStore(_server.Url!);

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
        var bodies = _server.LogEntries.Select(e => e.RequestMessage.Body!).ToList();
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
        using var test = new TestStore(_server.Url!);

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
        using var test = new TestStore(_server.Url!);

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
        using var test = new TestStore(_server.Url!);

        var act = () => test.Store.GetTraceAsync("tr-x", CancellationToken.None);

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        Sent().Should().Equal($"GET {Traces}get?trace_id=tr-x&allow_partial=False");
    }

    [Test]
    public async Task GetTraces_MoreIdsThanAChunk_SplitsBatchGetAndLeavesOutAbsentTraces()
    {
        Answer("GET", Traces + "batchGet", 200, Json, "{}");
        using var test = new TestStore(_server.Url!);
        var ids = Enumerable.Range(0, 250).Select(i => $"tr-{i}").ToList();

        var traces = await test.Store.GetTracesAsync(ids, CancellationToken.None);

        traces.Should().BeEmpty();
        var sent = _server.LogEntries.Select(e => new CapturedExchange("sent", "GET", new Uri(e.RequestMessage.AbsoluteUrl).PathAndQuery, "", 0, "", "")).ToList();
        sent.Select(e => e.Query.Count).Should().Equal(100, 100, 50);
        sent.SelectMany(e => e.Query).Should().OnlyContain(kv => kv.Key == "trace_ids");
        sent.SelectMany(e => e.Query.Select(kv => kv.Value)).Should().Equal(ids);
    }

    public static readonly object[] UpdateCases =
    [
        new object[] { new AssessmentUpdate { Name = "updated_name" },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "assessment_name": "updated_name"}, "update_mask": "assessmentName"}""" },
        new object[] { new AssessmentUpdate { Value = AssessmentValue.ForExpectation(JsonValue.Create("updated_value")) },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "expectation": {"value": "updated_value"}}, "update_mask": "expectation"}""" },
        new object[] { new AssessmentUpdate
            {
                Value = AssessmentValue.ForFeedback(JsonValue.Create(0.5)), Rationale = "update",
                Metadata = new System.Collections.Generic.Dictionary<string, string> { ["model"] = "gpt-4o-mini" },
            },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "feedback": {"value": 0.5}, "rationale": "update", "metadata": {"model": "gpt-4o-mini"}}, "update_mask": "feedback,rationale,metadata"}""" },
        new object[] { new AssessmentUpdate { Valid = false },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "valid": false}, "update_mask": "valid"}""" },
        new object[] { new AssessmentUpdate
            {
                Name = "n", Rationale = "r", Valid = true, Metadata = new System.Collections.Generic.Dictionary<string, string>(),
                Value = AssessmentValue.ForFeedback(null, new AssessmentError { ErrorCode = "SCORER_ERROR", ErrorMessage = "boom" }),
            },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "assessment_name": "n", "feedback": {"error": {"error_code": "SCORER_ERROR", "error_message": "boom"}}, "rationale": "r", "metadata": {}, "valid": true}, "update_mask": "assessmentName,feedback,rationale,metadata,valid"}""" },
    ];

    [TestCaseSource(nameof(UpdateCases))]
    public async Task UpdateAssessment_SetFields_SendsThemWithTheirCamelCaseMask(AssessmentUpdate update, string expectedBody)
    {
        Answer("PATCH", Traces + "tr-1234/assessments/1234", 200, Json, """
            {"assessment": {"assessment_id": "1234", "assessment_name": "n", "trace_id": "tr-1234",
              "source": {"source_type": "LLM_JUDGE", "source_id": "gpt-4o-mini"}, "feedback": {"value": 0.5}}}
            """);
        using var test = new TestStore(_server.Url!);

        var updated = await test.Store.UpdateAssessmentAsync("tr-1234", "1234", update, CancellationToken.None);

        var sent = _server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        sent.Method.Should().Be("PATCH");
        JsonEquivalence.AreEquivalent(sent.Body!, expectedBody).Should().BeTrue(sent.Body);
        updated.Should().BeOfType<Feedback>().Which.Value!.GetValue<double>().Should().Be(0.5);
        updated.Valid.Should().BeTrue("a reply without 'valid' means valid");
    }

    [Test]
    public async Task CreateAssessment_DictExpectationOnBase64Span_SendsSerializedValueHexSpanAndWholeSecondTime()
    {
        Answer("POST", Traces + "tr-1234/assessments", 200, Json, """
            {"assessment": {"assessment_id": "a-1", "assessment_name": "expected", "trace_id": "tr-1234", "span_id": "51df9a8a949965ab",
              "source": {"source_type": "HUMAN", "source_id": "me"},
              "create_time": "2025-02-20T05:47:23Z", "last_update_time": "2025-02-20T05:47:23Z",
              "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "{\"key1\": \"value1\", \"key2\": \"value2\"}"}},
              "valid": true}}
            """);
        using var test = new TestStore(_server.Url!, timeProvider: new FakeTimeProvider(new DateTimeOffset(2025, 2, 20, 5, 47, 23, TimeSpan.Zero)));
        var expectation = new Expectation
        {
            Name = "expected",
            TraceId = "tr-1234",
            SpanId = "Ud+aipSZZas=",
            Source = new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = "me" },
            Value = new JsonObject { ["key1"] = "value1", ["key2"] = "value2" },
        };

        var created = await test.Store.CreateAssessmentAsync(expectation, CancellationToken.None);

        JsonEquivalence.AreEquivalent(_server.LogEntries.Single().RequestMessage.Body!, """
            {"assessment": {"assessment_name": "expected", "trace_id": "tr-1234", "span_id": "51df9a8a949965ab",
              "source": {"source_type": "HUMAN", "source_id": "me"},
              "create_time": "2025-02-20T05:47:23Z", "last_update_time": "2025-02-20T05:47:23Z",
              "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "{\"key1\": \"value1\", \"key2\": \"value2\"}"}},
              "valid": true}}
            """).Should().BeTrue(_server.LogEntries.Single().RequestMessage.Body);
        var read = created.Should().BeOfType<Expectation>().Subject;
        JsonNode.DeepEquals(read.Value, expectation.Value).Should().BeTrue();
        read.AssessmentId.Should().Be("a-1");
        read.SpanId.Should().Be("51df9a8a949965ab");
        read.CreateTime.Should().Be(new DateTimeOffset(2025, 2, 20, 5, 47, 23, TimeSpan.Zero));
    }

    [TestCase("\"hello\"", """{"value": "hello"}""")]
    [TestCase("42", """{"value": 42}""")]
    [TestCase("false", """{"value": false}""")]
    [TestCase("[\"a\", 1]", """{"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "[\"a\", 1]"}}""")]
    [TestCase("null", """{"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "null"}}""")]
    public async Task CreateAssessment_ExpectationValue_SendsPrimitivesPlainAndTheRestSerialized(string valueJson, string expectedExpectation)
    {
        Answer("POST", Traces + "tr-1/assessments", 200, Json,
            """{"assessment": {"assessment_id": "a-1", "assessment_name": "e", "trace_id": "tr-1", "expectation": {"value": "x"}}}""");
        using var test = new TestStore(_server.Url!);
        var value = JsonNode.Parse(valueJson);

        await test.Store.CreateAssessmentAsync(new Expectation { Name = "e", TraceId = "tr-1", Value = value }, CancellationToken.None);

        var sent = JsonNode.Parse(_server.LogEntries.Single().RequestMessage.Body!)!["assessment"]!["expectation"];
        JsonEquivalence.AreEquivalent(sent, JsonNode.Parse(expectedExpectation)).Should().BeTrue(sent?.ToJsonString());
    }

    [Test]
    public async Task CreateAssessment_ErrorOnlyFeedback_SendsNoValueAndReadsTheNullValueWithItsError()
    {
        var captured = Captured("mlflow-3.11/rest-captures.txt", "POST", Traces + "tr-cbeeb6b31224494684170df287a873d3/assessments", "safety");
        Answer("POST", captured.Path, 200, Json, captured.ResponseBody);
        using var test = new TestStore(_server.Url!, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 16, 16, 52, 538, TimeSpan.Zero)));

        var created = await test.Store.CreateAssessmentAsync(
            new Feedback
            {
                Name = "safety",
                TraceId = "tr-cbeeb6b31224494684170df287a873d3",
                Source = AssessmentSource.FromLlmJudge("gateway:/fake-judge"),
                Error = new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" },
            },
            CancellationToken.None);

        var sent = JsonNode.Parse(_server.LogEntries.Single().RequestMessage.Body!)!["assessment"]!;
        JsonEquivalence.AreEquivalent(sent["feedback"], JsonNode.Parse("""{"error": {"error_code": "RATE_LIMIT", "error_message": "judge failed"}}""")).Should().BeTrue();
        ((string)sent["create_time"]!).Should().Be("2026-11-26T16:16:52.538Z");
        var feedback = created.Should().BeOfType<Feedback>().Subject;
        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorCode.Should().Be("RATE_LIMIT");
        feedback.Error.ErrorMessage.Should().Be("judge failed");
        feedback.AssessmentId.Should().Be("a-387c901469214115ba45396654e69150");
    }

    [Test]
    public async Task GetAssessment_LegacyAiJudgeSourceAndMissingKeys_ReadsLlmJudgeAndDefaults()
    {
        Answer("GET", Traces + "tr-1/assessments/a-1", 200, Json, """
            {"assessment": {"assessment_id": "a-1", "assessment_name": "relevance", "source": {"source_type": "AI_JUDGE"},
              "feedback": {"value": "yes"}, "overrides": "a-0", "valid": false}}
            """);
        using var test = new TestStore(_server.Url!);

        var read = await test.Store.GetAssessmentAsync("tr-1", "a-1", CancellationToken.None);

        read.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
        read.Source.SourceId.Should().Be(AssessmentSource.DefaultSourceId);
        read.TraceId.Should().Be("tr-1");
        read.Metadata.Should().BeNull();
        read.Rationale.Should().BeNull();
        read.CreateTime.Should().BeNull();
        read.Valid.Should().BeFalse();
        read.Overrides.Should().Be("a-0");
        Sent().Should().Equal($"GET {Traces}tr-1/assessments/a-1?trace_id=tr-1&assessment_id=a-1");
    }

    [Test]
    public async Task DeleteAssessment_Missing_ThrowsTheServersNotFoundMessage()
    {
        var missing = Captured("mlflow-3.11/rest-captures.txt", "GET", Traces + "tr-cbeeb6b31224494684170df287a873d3/assessments/a-bef8cbbd575c4cee8dbf290ca3f0aa34", status: 404);
        Answer("DELETE", missing.Path, 404, missing.ContentType, missing.ResponseBody);
        using var test = new TestStore(_server.Url!);

        var act = () => test.Store.DeleteAssessmentAsync("tr-cbeeb6b31224494684170df287a873d3", "a-bef8cbbd575c4cee8dbf290ca3f0aa34", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Be(
            "Assessment with ID 'a-bef8cbbd575c4cee8dbf290ca3f0aa34' not found for trace 'tr-cbeeb6b31224494684170df287a873d3'");
        JsonEquivalence.AreEquivalent(_server.LogEntries.Single().RequestMessage.Body!,
            """{"trace_id": "tr-cbeeb6b31224494684170df287a873d3", "assessment_id": "a-bef8cbbd575c4cee8dbf290ca3f0aa34"}""").Should().BeTrue();
    }

    [Test]
    public async Task SearchTraces_Cancelled_ThrowsWithoutSending()
    {
        using var test = new TestStore(_server.Url!);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => test.Store.SearchTracesAsync(new TraceSearchRequest(["1"], null, null, 10, null), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _server.LogEntries.Should().BeEmpty();
    }

    private static CapturedExchange Captured(string file, string method, string path, string? name = null, int status = 0)
    {
        var version = file.Split('/')[0];
        var all = file.EndsWith(".jsonl", StringComparison.Ordinal) ? FixtureTraffic.PythonClient(version) : FixtureTraffic.RestCaptures(version);
        return all.First(e => e.Method == method && e.Path == path && (status == 0 || e.Status == status)
            && (name is null || e.RequestBody.Contains($"\"{name}\"", StringComparison.Ordinal)));
    }

    private void Answer(
        string method, string path, int status, string contentType, string body,
        JsonPartialMatcher? bodyMatcher = null, (string Key, string Value)? param = null, int priority = 10)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (bodyMatcher is not null)
        {
            request = request.WithBody(bodyMatcher);
        }

        if (param is { } p)
        {
            request = request.WithParam(p.Key, p.Value);
        }

        _server.Given(request).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
    }

    private string[] Sent() =>
        _server.LogEntries.Select(e => e.RequestMessage.Method + " " + new Uri(e.RequestMessage.AbsoluteUrl).PathAndQuery).ToArray();
}
