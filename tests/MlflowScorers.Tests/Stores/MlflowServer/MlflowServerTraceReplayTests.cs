using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// Replays the trace and assessment exchanges the Python clients had with real MLflow 3.6 and 3.11 servers: the store sends
/// the same requests (bodies compared as parsed JSON) and reads the real responses.
/// </summary>
public sealed class MlflowServerTraceReplayTests : WireMockFixture
{
    private HttpClient _http = null!;

    [TearDown]
    public void DisposeClient() => _http?.Dispose();

    [TestCase("mlflow-3.6")]
    [TestCase("mlflow-3.11")]
    public async Task SearchTracesAsync_SendsPythonsBody_AndReadsTheRealPage(string version)
    {
        var captured = Python(version, "POST", "/api/3.0/mlflow/traces/search");
        Serve(captured);
        var experimentId = (string)JsonNode.Parse(captured.RequestBody)!["locations"]![0]!["mlflow_experiment"]!["experiment_id"]!;

        var page = await Store().SearchTracesAsync(new TraceSearchRequest([experimentId], null, null, 100, null), default);

        JsonEquivalence.AreEquivalent(LastBody(), captured.RequestBody).Should().BeTrue(LastBody());
        var expected = JsonNode.Parse(captured.ResponseBody)!["traces"]!.AsArray();
        page.Traces.Select(t => t.TraceId).Should().Equal(expected.Select(t => (string)t!["trace_id"]!));
        page.Traces[0].ExperimentId.Should().Be(experimentId);
        page.Traces[0].RequestTime.Should().NotBeNull();
        page.NextPageToken.Should().BeNull("the capture has no next_page_token");
    }

    [TestCase("mlflow-3.6")]
    [TestCase("mlflow-3.11")]
    public async Task GetTracesAsync_BatchGet_ReadsSpansWithRootInputsAndOutputs(string version)
    {
        var captured = Python(version, "GET", "/api/3.0/mlflow/traces/batchGet");
        Serve(captured);
        var id = captured.QueryValue("trace_ids")!;

        var traces = await Store().GetTracesAsync([id], default);

        Server.LogEntries[^1].RequestMessage.Url.Should().EndWith($"batchGet?trace_ids={id}");
        var trace = traces.Should().ContainSingle().Subject;
        trace.TraceId.Should().Be(id);
        trace.RootSpan.Should().NotBeNull();
        trace.Inputs!["question"].Should().NotBeNull();
        trace.Outputs.Should().NotBeNull();
    }

    [Test]
    public async Task GetTraceAsync_Mlflow311_UsesTheGetRouteAsPythonDoes()
    {
        var captured = Python("mlflow-3.11", "GET", "/api/3.0/mlflow/traces/get");
        Serve(captured);

        var trace = await Store().GetTraceAsync("tr-de983a0007c611e54736ff026ab25699", default);

        Server.LogEntries[^1].RequestMessage.Url.Should().EndWith("/traces/get?trace_id=tr-de983a0007c611e54736ff026ab25699&allow_partial=False");
        trace.Spans.Should().ContainSingle();
        trace.Info.Assessments.Should().ContainSingle().Which.Name.Should().Be("manual");
    }

    [Test]
    public async Task GetTraceAsync_Mlflow36WithoutTheGetRoute_FallsBackToInfoPlusBatchGet_Once()
    {
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/get").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/html").WithBody("<!doctype html><title>404 Not Found</title>"));
        var info = FixtureTraffic.PythonClient("mlflow-3.6").First(e => e.Method == "GET" && e.Path == "/api/3.0/mlflow/traces/tr-41b4de4132d8878bb91a6e727b9612b9");
        var batch = Python("mlflow-3.6", "GET", "/api/3.0/mlflow/traces/batchGet");
        Serve(info);
        Serve(batch);
        var store = Store();

        var first = await store.GetTraceAsync("tr-41b4de4132d8878bb91a6e727b9612b9", default);
        await store.GetTraceAsync("tr-41b4de4132d8878bb91a6e727b9612b9", default);

        first.Spans.Should().NotBeEmpty();
        first.Info.Assessments.Should().ContainSingle().Which.Name.Should().Be("short_output");
        Server.LogEntries.Count(e => e.RequestMessage.Path == "/api/3.0/mlflow/traces/get").Should().Be(1, "the missing route is remembered");
    }

    [TestCase("mlflow-3.6")]
    [TestCase("mlflow-3.11")]
    public async Task CreateAssessmentAsync_SendsPythonsBody_AndReadsTheStoredAssessment(string version)
    {
        var captured = Python(version, "POST", "/assessments");
        Serve(captured);
        var sent = JsonNode.Parse(captured.RequestBody)!["assessment"]!;
        var clock = new FakeTimeProvider(DateTimeOffset.Parse((string)sent["create_time"]!, System.Globalization.CultureInfo.InvariantCulture));
        var feedback = new Feedback
        {
            Name = (string)sent["assessment_name"]!,
            TraceId = (string)sent["trace_id"]!,
            Value = true,
            Rationale = (string)sent["rationale"]!,
            Source = AssessmentSource.FromCode((string)sent["source"]!["source_id"]!),
        };

        var stored = await Store(clock).CreateAssessmentAsync(feedback, default);

        JsonEquivalence.AreEquivalent(LastBody(), captured.RequestBody).Should().BeTrue(LastBody());
        stored.AssessmentId.Should().StartWith("a-");
        stored.CreateTime.Should().Be(clock.GetUtcNow());
        stored.Should().BeOfType<Feedback>().Which.Value!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task GetAssessmentAsync_Mlflow36_RepeatsTheIdsInTheQueryAsPythonDoes()
    {
        var captured = Python("mlflow-3.6", "GET", "/assessments/");
        Serve(captured);

        var assessment = await Store().GetAssessmentAsync("tr-41b4de4132d8878bb91a6e727b9612b9", "a-5e562d9c3297443ea97988e473db14d3", default);

        Server.LogEntries[^1].RequestMessage.Url.Should().EndWith(captured.PathAndQuery);
        assessment.Source.SourceType.Should().Be(AssessmentSourceType.Code);
        assessment.Rationale.Should().Be("len < 100");
        assessment.Valid.Should().BeTrue();
    }

    [Test]
    public async Task UpdateAssessmentAsync_SendsOnlyTheSetFields_WithACamelCaseMask()
    {
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/tr-1/assessments/a-1").UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                """{"assessment": {"assessment_id": "a-1", "assessment_name": "renamed", "trace_id": "tr-1", "source": {"source_type": "HUMAN", "source_id": "me"}, "feedback": {"value": 0.5}, "rationale": "update", "valid": true}}"""));

        var updated = await Store().UpdateAssessmentAsync(
            "tr-1", "a-1", new AssessmentUpdate { Name = "renamed", Rationale = "update", Value = AssessmentValue.ForFeedback(0.5) }, default);

        JsonEquivalence.AreEquivalent(LastBody(), """
            {"assessment": {"assessment_id": "a-1", "trace_id": "tr-1", "assessment_name": "renamed", "feedback": {"value": 0.5}, "rationale": "update"},
             "update_mask": "assessmentName,feedback,rationale"}
            """).Should().BeTrue(LastBody());
        updated.Name.Should().Be("renamed");
    }

    [Test]
    public async Task CreateAssessmentAsync_ExpectationWithAnObject_IsSentAsSerializedJson()
    {
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/tr-1/assessments").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                """{"assessment": {"assessment_id": "a-2", "assessment_name": "expected", "trace_id": "tr-1", "source": {"source_type": "HUMAN", "source_id": "me"}, "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "{\"key1\": \"value1\"}"}}}}"""));

        var stored = await Store().CreateAssessmentAsync(
            new Expectation { Name = "expected", TraceId = "tr-1", Value = new JsonObject { ["key1"] = "value1" }, Source = new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = "me" } },
            default);

        var body = JsonNode.Parse(LastBody())!["assessment"]!["expectation"]!["serialized_value"]!;
        ((string)body["serialization_format"]!).Should().Be("JSON_FORMAT");
        JsonEquivalence.AreEquivalent((string)body["value"]!, """{"key1": "value1"}""").Should().BeTrue();
        stored.Should().BeOfType<Expectation>().Which.Value!["key1"]!.GetValue<string>().Should().Be("value1");
    }

    [Test]
    public async Task DeleteAssessmentAsync_CarriesTheIdsInAJsonBody_AndSurfacesTheRealNotFound()
    {
        var delete = Rest("mlflow-3.11", "DELETE", "/assessments/");
        var missing = RestAll("mlflow-3.11", "GET", "/assessments/").Last();
        Serve(delete);
        Serve(missing);
        var traceId = delete.Path.Split('/')[5];
        var assessmentId = delete.Path.Split('/')[^1];
        var store = Store();

        await store.DeleteAssessmentAsync(traceId, assessmentId, default);
        var act = () => store.GetAssessmentAsync(traceId, assessmentId, default);

        JsonEquivalence.AreEquivalent(Server.LogEntries.First(e => e.RequestMessage.Method == "DELETE").RequestMessage.Body!, $$"""{"trace_id": "{{traceId}}", "assessment_id": "{{assessmentId}}"}""").Should().BeTrue();
        (await act.Should().ThrowAsync<MlflowApiException>())
            .WithMessage($"*Assessment with ID '{assessmentId}' not found for trace '{traceId}'*")
            .Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task GetTracesAsync_BatchGet500_FallsBackToOneByOne_AndSkipsTheBrokenTrace()
    {
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/batchGet").UsingGet())
            .RespondWith(Json(500, """{"error_code": "INTERNAL_ERROR", "message": "Trace data not stored in tracking store", "sqlstate": "XXM00", "error_class": "CLIENT_INTERNAL_ERROR"}"""));
        var good = Python("mlflow-3.11", "GET", "/api/3.0/mlflow/traces/get");
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/get").WithParam("trace_id", "tr-de983a0007c611e54736ff026ab25699").UsingGet())
            .RespondWith(Json(200, good.ResponseBody));
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/get").WithParam("trace_id", "tr-broken").UsingGet())
            .RespondWith(Json(500, """{"error_code": "INTERNAL_ERROR", "message": "Trace data not stored in tracking store"}"""));

        var traces = await Store().GetTracesAsync(["tr-broken", "tr-de983a0007c611e54736ff026ab25699"], default);

        traces.Select(t => t.TraceId).Should().Equal("tr-de983a0007c611e54736ff026ab25699");
    }

    [Test]
    public async Task SearchTracesAsync_NextPageToken_IsReturned_AndSentBack()
    {
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/search").WithBody(new JsonPartialMatcher("""{"page_token": "p2"}""")).UsingPost())
            .AtPriority(1)
            .RespondWith(Json(200, """{"traces": [{"trace_id": "tr-2", "request_time": "2026-11-26T16:16:52Z", "execution_duration": "0s", "state": "OK"}]}"""));
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/search").UsingPost())
            .AtPriority(2)
            .RespondWith(Json(200, """{"traces": [{"trace_id": "tr-1", "request_time": "2026-11-26T16:16:52.123Z", "execution_duration": "0.250s", "state": "OK"}], "next_page_token": "p2"}"""));
        var store = Store();

        var first = await store.SearchTracesAsync(new TraceSearchRequest(["1"], "tags.env = 'prod'", ["timestamp_ms DESC"], 1, null), default);
        var second = await store.SearchTracesAsync(new TraceSearchRequest(["1"], "tags.env = 'prod'", ["timestamp_ms DESC"], 1, first.NextPageToken), default);

        first.NextPageToken.Should().Be("p2");
        first.Traces.Single().ExecutionDuration.Should().Be(TimeSpan.FromMilliseconds(250));
        second.Traces.Single().TraceId.Should().Be("tr-2");
        second.NextPageToken.Should().BeNull();
        JsonEquivalence.AreEquivalent(LastBody(), """
            {"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "1"}}], "filter": "tags.env = 'prod'",
             "max_results": 1, "order_by": ["timestamp_ms DESC"], "page_token": "p2"}
            """).Should().BeTrue(LastBody());
    }

    private static CapturedExchange Python(string version, string method, string pathPart) =>
        FixtureTraffic.PythonClient(version).First(e => e.Method == method && e.PathAndQuery.Contains(pathPart, StringComparison.Ordinal) && e.Status == 200);

    private static CapturedExchange Rest(string version, string method, string pathPart) => RestAll(version, method, pathPart).First();

    private static System.Collections.Generic.IEnumerable<CapturedExchange> RestAll(string version, string method, string pathPart) =>
        FixtureTraffic.RestCaptures(version).Where(e => e.Method == method && e.PathAndQuery.Contains(pathPart, StringComparison.Ordinal));

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private void Serve(CapturedExchange exchange) =>
        Server.Given(Request.Create().WithPath(exchange.Path).UsingMethod(exchange.Method))
            .RespondWith(Response.Create().WithStatusCode(exchange.Status).WithHeader("Content-Type", exchange.ContentType).WithBody(exchange.ResponseBody));

    private string LastBody() => Server.LogEntries[^1].RequestMessage.Body ?? string.Empty;

    private MlflowServerStore Store(TimeProvider? clock = null)
    {
        var settings = new MlflowTransportSettings(
            new Uri(Server.Url! + "/"), null, new MlflowRetryOptions { MaxRetries = 0 }.Freeze(), null, TimeProvider.System);
        _http = MlflowHttpPipeline.CreateHttpClient(settings);
        return new MlflowServerStore(new MlflowRestClient(_http, settings.BaseAddress), clock);
    }
}
