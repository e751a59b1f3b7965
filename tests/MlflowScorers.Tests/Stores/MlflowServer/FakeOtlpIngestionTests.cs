using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Tests.Support;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// The fake server's OTLP ingestion against the real servers' captures: spans a .NET app exports come back from batchGet as the
/// Python client's spans came back from real 3.6 and 3.11 servers, and the trace's info, search and filters follow the spans.
/// </summary>
[NonParallelizable]
public sealed class FakeOtlpIngestionTests
{
    private ActivitySource _source = null!;

    [SetUp]
    public void SetUp() => _source = new ActivitySource("MlflowScorers.Tests.FakeOtlp." + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() => _source.Dispose();

    [TestCase(FakeServerVersion.Mlflow36, "mlflow-3.6")]
    [TestCase(FakeServerVersion.Mlflow311, "mlflow-3.11")]
    public async Task BatchGet_ReturnsTheSpans_AsTheRealServerReturnedThePythonClientsSpans(FakeServerVersion version, string fixture)
    {
        using var server = FakeMlflowServer.Start(version);
        var root = Export(server, "0", () =>
        {
            // The attributes the Python client sends, as JSON text; the server adds mlflow.traceRequestId itself.
            using var app = _source.StartActivity("app")!;
            app.SetTag("mlflow.spanType", "\"UNKNOWN\"");
            app.SetTag("mlflow.spanFunctionName", "\"app\"");
            app.SetTag("mlflow.spanInputs", "{\"question\": \"What is MLflow?\"}");
            string innerHex;
            using (var step = _source.StartActivity("inner")!)
            {
                innerHex = step.SpanId.ToHexString();
                step.SetTag("mlflow.spanType", "\"UNKNOWN\"");
                step.SetTag("mlflow.spanInputs", "{\"q\": \"What is MLflow?\"}");
                step.SetTag("mlflow.spanOutputs", "{\"a\": \"hello\"}");
                step.SetStatus(ActivityStatusCode.Ok);
            }

            app.SetTag("mlflow.spanOutputs", "\"Hello! You asked: What is MLflow?\"");
            app.SetStatus(ActivityStatusCode.Ok);
            return (TraceHex: app.TraceId.ToHexString(), SpanHex: app.SpanId.ToHexString(), InnerHex: innerHex);
        });

        var traceId = "tr-" + root.TraceHex;
        var reply = await GetJsonAsync(server, "/api/3.0/mlflow/traces/batchGet?trace_ids=" + traceId);

        var spans = reply["traces"]![0]!["spans"]!.AsArray().Select(s => s!.AsObject()).ToList();
        spans.Should().HaveCount(2);
        var appSpan = spans.Single(s => (string?)s["name"] == "app");
        var innerSpan = spans.Single(s => (string?)s["name"] == "inner");
        ((string)appSpan["trace_id"]!).Should().Be(Convert.ToBase64String(Convert.FromHexString(root.TraceHex)));
        ((string)appSpan["span_id"]!).Should().Be(Convert.ToBase64String(Convert.FromHexString(root.SpanHex)));
        ((string)innerSpan["parent_span_id"]!).Should().Be((string)appSpan["span_id"]!);
        innerSpan["span_id"]!.GetValue<string>().Should().Be(Convert.ToBase64String(Convert.FromHexString(root.InnerHex)));
        appSpan["start_time_unix_nano"]!.GetValue<ulong>().Should().BeLessThan(appSpan["end_time_unix_nano"]!.GetValue<ulong>());

        var capturedSpans = CapturedSpans(fixture).ToList();
        capturedSpans.Select(s => (string?)s["name"]).Should().Contain("app");
        foreach (var captured in capturedSpans)
        {
            var actual = spans.Single(s => (string?)s["name"] == (string?)captured["name"]);
            Normalize(actual, traceId).ToJsonString().Should().Be(Normalize(captured, null).ToJsonString(), "span {0} as {1} returned it", captured["name"], fixture);
        }
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task TraceInfo_FollowsTheRootSpan_AndSearchOrdersAndFiltersByItsStart(FakeServerVersion version)
    {
        using var server = FakeMlflowServer.Start(version);
        var experimentId = await CreateExperimentAsync(server);
        var start = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        Export(server, experimentId, () =>
        {
            Answer("first", start, TimeSpan.FromMilliseconds(140), ActivityStatusCode.Ok);
            Answer("second", start.AddSeconds(5), TimeSpan.FromSeconds(2), ActivityStatusCode.Error);
            Answer("third", start.AddSeconds(10), TimeSpan.Zero, ActivityStatusCode.Unset);
            return 0;
        });

        var all = await SearchAsync(server, experimentId, null);
        var late = await SearchAsync(server, experimentId, $"trace.timestamp_ms >= {start.AddSeconds(5).ToUnixTimeMilliseconds()}");

        all.Select(i => (string?)i["request_preview"]).Should().Equal(
            "{\"question\": \"third\"}", "{\"question\": \"second\"}", "{\"question\": \"first\"}");
        all.Select(i => ((string?)i["request_time"], (string?)i["execution_duration"], (string?)i["state"])).Should().Equal(
            ("2026-12-03T08:00:10Z", "0s", "OK"), ("2026-12-03T08:00:05Z", "2s", "ERROR"), ("2026-12-03T08:00:00Z", "0.140s", "OK"));
        all.Select(i => (string?)i["response_preview"]).Should().Equal("\"answer to third\"", "\"answer to second\"", "\"answer to first\"");
        all.Should().OnlyContain(i => (string?)i["tags"]!["mlflow.trace.spansLocation"] == "TRACKING_STORE"
            && i["tags"]!["mlflow.traceName"] == null && i["trace_metadata"]!["mlflow.traceInputs"] == null);
        late.Select(i => (string?)i["request_preview"]).Should().Equal("{\"question\": \"third\"}", "{\"question\": \"second\"}");
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task SpansWithoutTheirRoot_LeaveTheTraceInProgressWithoutPreviews_AndTheSdkReadsThemBack(FakeServerVersion version)
    {
        using var server = FakeMlflowServer.Start(version);
        var experimentId = await CreateExperimentAsync(server);
        var incoming = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        Export(server, experimentId, () =>
        {
            // A web request's traceparent: the GenAI span is not a root (dotnet-otlp-to-mlflow.md, pitfall 1).
            using var span = _source.StartActivity("answer", ActivityKind.Server, incoming)!;
            span.SetTag("mlflow.spanInputs", "{\"question\": \"q\"}");
            return 0;
        });

        await using var client = Client(server);
        var trace = (await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [experimentId] }).ToListAsync()).Should().ContainSingle().Subject;

        trace.TraceId.Should().Be("tr-" + incoming.TraceId.ToHexString());
        trace.Info.State.Should().Be("IN_PROGRESS");
        trace.Info.RequestPreview.Should().BeNull();
        trace.Spans.Should().ContainSingle().Which.ParentId.Should().Be(incoming.SpanId.ToHexString());
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task Attributes_AreReadBackAsMlflowReadsThem_TokenUsageIsSummed_And311MapsTheSessionId(FakeServerVersion version)
    {
        using var server = FakeMlflowServer.Start(version);
        var experimentId = await CreateExperimentAsync(server);
        var traceHex = Export(server, experimentId, () =>
        {
            using var app = _source.StartActivity("chat")!;
            app.SetTag("mlflow.spanType", "CHAT_MODEL");
            app.SetTag("session.id", "s-1");
            app.SetTag("gen_ai.usage.input_tokens", 12);
            app.SetTag("gen_ai.usage.output_tokens", 5);
            app.SetTag("app.order_id", "123");
            app.SetTag("app.cached", false);
            app.SetTag("app.labels", new[] { "a", "b" });
            using (var tool = _source.StartActivity("lookup")!)
            {
                tool.SetTag("gen_ai.usage.input_tokens", 3);
                tool.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.message"] = "boom" }));
                tool.SetStatus(ActivityStatusCode.Error, "lookup failed");
            }

            return app.TraceId.ToHexString();
        });

        var trace = (await GetJsonAsync(server, "/api/3.0/mlflow/traces/batchGet?trace_ids=tr-" + traceHex))["traces"]![0]!;
        var spans = trace["spans"]!.AsArray();
        var chat = spans.Single(s => (string?)s!["name"] == "chat")!;
        var lookup = spans.Single(s => (string?)s!["name"] == "lookup")!;
        var attributes = chat["attributes"]!.AsArray().ToDictionary(a => (string)a!["key"]!, a => a!["value"]!.ToJsonString());

        attributes.Keys.First().Should().Be("mlflow.traceRequestId");
        attributes["mlflow.spanType"].Should().Be("{\"string_value\":\"CHAT_MODEL\"}");
        attributes["gen_ai.usage.input_tokens"].Should().Be("{\"int_value\":12}");
        attributes["app.order_id"].Should().Be("{\"int_value\":123}", "MLflow parses every stored string that is JSON text");
        attributes["app.cached"].Should().Be("{}", "MLflow reads an empty (false) value as nothing");
        attributes["app.labels"].Should().Be("{\"array_value\":{\"values\":[{\"string_value\":\"a\"},{\"string_value\":\"b\"}]}}");
        chat["status"]!.ToJsonString().Should().Be("{}");
        lookup["status"]!.ToJsonString().Should().Be("{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"lookup failed\"}");
        lookup["events"]![0]!["name"]!.GetValue<string>().Should().Be("exception");
        lookup["events"]![0]!["attributes"]!.ToJsonString().Should().Be("[{\"key\":\"exception.message\",\"value\":{\"string_value\":\"boom\"}}]");
        var metadata = trace["trace_info"]!["trace_metadata"]!;
        ((string?)metadata["mlflow.trace.tokenUsage"]).Should().Be("{\"input_tokens\": 15, \"output_tokens\": 5, \"total_tokens\": 20}");
        ((string?)metadata["mlflow.trace.session"]).Should().Be(version == FakeServerVersion.Mlflow311 ? "s-1" : null);
    }

    [TestCase(FakeServerVersion.Mlflow36, "{\"partialSuccess\":null}")]
    [TestCase(FakeServerVersion.Mlflow311, "")]
    public async Task Export_IsAnsweredAsTheRealServerAnswers_AndBadRequestsAreRefused(FakeServerVersion version, string body)
    {
        using var server = FakeMlflowServer.Start(version);
        using var http = new HttpClient();

        using var accepted = await PostAsync(http, server, OneSpan(), "application/x-protobuf", "0");
        using var noHeader = await PostAsync(http, server, OneSpan(), "application/x-protobuf", null);
        using var wrongType = await PostAsync(http, server, OneSpan(), "application/json", "0");
        using var noSpans = await PostAsync(http, server, [], "application/x-protobuf", "0");

        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).Should().Be(body);
        accepted.Content.Headers.ContentType!.MediaType.Should().Be("application/x-protobuf");
        noHeader.StatusCode.Should().Be((HttpStatusCode)422);
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrongType.Content.ReadAsStringAsync()).Should().Be("{\"detail\":\"Invalid Content-Type: application/json. Expected: application/x-protobuf\"}");
        noSpans.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await GetJsonAsync(server, "/api/3.0/mlflow/traces/batchGet?trace_ids=tr-" + new string('1', 32)))["traces"]!.AsArray().Should().ContainSingle();
    }

    private T Export<T>(FakeMlflowServer server, string experimentId, Func<T> record)
    {
        using var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = server.Url;
            o.ExperimentId = experimentId;
            o.Sources.Add(_source.Name);
            o.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
        });
        var result = record();
        provider.Shutdown().Should().BeTrue();
        return result;
    }

    private void Answer(string question, DateTimeOffset start, TimeSpan duration, ActivityStatusCode status)
    {
        using var root = _source.StartActivity("answer", ActivityKind.Internal, parentContext: default, startTime: start)!;
        root.SetTag("mlflow.spanInputs", $"{{\"question\": \"{question}\"}}");
        root.SetTag("mlflow.spanOutputs", $"\"answer to {question}\"");
        root.SetStatus(status);
        root.SetEndTime(start.Add(duration).UtcDateTime);
    }

    /// <summary>An ExportTraceServiceRequest with one span (trace id 11…, span id 22…, name "app"), encoded by hand.</summary>
    private static byte[] OneSpan()
    {
        byte[] span = [0x0A, 16, .. Enumerable.Repeat((byte)0x11, 16), 0x12, 8, .. Enumerable.Repeat((byte)0x22, 8), 0x2A, 3, (byte)'a', (byte)'p', (byte)'p'];
        byte[] scope = [0x12, (byte)span.Length, .. span];
        byte[] resource = [0x12, (byte)scope.Length, .. scope];
        return [0x0A, (byte)resource.Length, .. resource];
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, FakeMlflowServer server, byte[] body, string contentType, string? experimentId)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/v1/traces") { Content = content };
        if (experimentId is not null)
        {
            request.Headers.Add("x-mlflow-experiment-id", experimentId);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonNode> GetJsonAsync(FakeMlflowServer server, string pathAndQuery)
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync(server.Url + pathAndQuery))!;
    }

    private static async Task<string> CreateExperimentAsync(FakeMlflowServer server)
    {
        await using var client = Client(server);
        return await client.CreateExperimentAsync("otlp-" + Guid.NewGuid().ToString("N")[..8]);
    }

    private static MlflowClient Client(FakeMlflowServer server) =>
        new(new MlflowClientOptions { TrackingUri = server.Url, ReadEnvironment = false, Retry = { MaxRetries = 0 } });

    /// <summary>The trace infos search returns, newest first (the default order).</summary>
    private static async Task<List<JsonObject>> SearchAsync(FakeMlflowServer server, string experimentId, string? filter)
    {
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["locations"] = new JsonArray(new JsonObject { ["type"] = "MLFLOW_EXPERIMENT", ["mlflow_experiment"] = new JsonObject { ["experiment_id"] = experimentId } }),
            ["max_results"] = 100,
        };
        if (filter is not null)
        {
            body["filter"] = filter;
        }

        using var reply = await http.PostAsync(server.Url + "/api/3.0/mlflow/traces/search", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var json = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        return json["traces"]!.AsArray().Select(t => t!.AsObject()).ToList();
    }

    /// <summary>The spans a real server returned from batchGet for the Python client's first trace.</summary>
    private static IEnumerable<JsonObject> CapturedSpans(string fixture)
    {
        var line = File.ReadLines(Fixtures.PathOf(Path.Combine(fixture, "python-client-traffic.jsonl")))
            .Select(l => JsonNode.Parse(l)!)
            .First(l => ((string)l["path"]!).Contains("/traces/batchGet", StringComparison.Ordinal) && (int)l["status"]! == 200);
        return JsonNode.Parse((string)line["resp_body"]!)!["traces"]![0]!["spans"]!.AsArray().Select(s => s!.AsObject());
    }

    /// <summary>The span with its ids, times and trace id attribute replaced by placeholders.</summary>
    private static JsonObject Normalize(JsonObject span, string? traceId)
    {
        var copy = span.DeepClone().AsObject();
        foreach (var key in new[] { "trace_id", "span_id", "parent_span_id", "start_time_unix_nano", "end_time_unix_nano" })
        {
            if (copy.ContainsKey(key))
            {
                copy[key] = key;
            }
        }

        var requestId = copy["attributes"]!.AsArray().Single(a => (string?)a!["key"] == "mlflow.traceRequestId")!;
        if (traceId is not null)
        {
            ((string?)requestId["value"]!["string_value"]).Should().Be(traceId);
        }

        requestId["value"]!["string_value"] = "request id";
        return copy;
    }
}
