using System.Diagnostics;
using System.Linq;
using MlflowScorers.Tracing;
using OpenTelemetry.Trace;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Tracing;

[NonParallelizable]
public class OtlpExportTests
{
    private WireMockServer _server = null!;
    private ActivitySource _source = null!;

    [SetUp]
    public void SetUp()
    {
        _server = WireMockServer.Start();
        _source = new ActivitySource("MlflowScorers.Tests.Tracing.Otlp");
    }

    [TearDown]
    public void TearDown()
    {
        _source.Dispose();
        _server.Dispose();
    }

    [Test]
    public void Spans_ArriveAtV1Traces_AsOtlpProtobuf_WithTheExperimentHeaderAndMlflowAttributes()
    {
        _server.Given(Request.Create().WithPath("/v1/traces").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-protobuf"));
        MlflowTracingOptions? options = null;
        string traceHex, rootId;
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = _server.Url! + "/";
            o.ExperimentId = "8";
            o.Token = "secret-token";
            o.Sources.Add(_source.Name);
            options = o;
        }))
        {
            using (var app = _source.StartActivity("app")!)
            {
                app.SetTag("mlflow.spanInputs", "{\"question\":\"What is MLflow?\"}");
                using (var lookup = _source.StartActivity("lookup")!)
                {
                    lookup.SetTag("gen_ai.operation.name", "execute_tool");
                    lookup.SetTag("gen_ai.tool.call.arguments", "{\"q\": \"café\"}");
                    lookup.SetTag("gen_ai.tool.call.result", "[\"doc1\",\"doc2\"]");
                }

                app.SetTag("mlflow.spanOutputs", "\"MLflow is a platform.\"");
                traceHex = app.TraceId.ToHexString();
                rootId = app.SpanId.ToHexString();
            }

            provider.Shutdown().Should().BeTrue();
        }

        var requests = _server.LogEntries.Select(e => e.RequestMessage).ToList();
        requests.Should().NotBeEmpty().And.OnlyContain(r => r.Path == "/v1/traces" && r.Method == "POST");
        requests.Should().OnlyContain(r => r.Headers![MlflowOtlpExporter.ExperimentHeader].Single() == "8");
        requests.Should().OnlyContain(r => r.Headers!["Authorization"].Single() == "Bearer secret-token");
        requests.Should().OnlyContain(r => r.Headers!["Content-Type"].Single() == "application/x-protobuf");
        var spans = requests.SelectMany(r => OtlpWireReader.ReadSpans(r.BodyAsBytes!)).ToList();

        spans.Select(s => s.Name).Should().BeEquivalentTo("app", "lookup");
        spans.Should().OnlyContain(s => s.TraceId == traceHex);
        var root = spans.Single(s => s.Name == "app");
        root.ParentSpanId.Should().BeNull();
        root.SpanId.Should().Be(rootId);
        root.Attributes["mlflow.spanType"].Should().Be("UNKNOWN");
        root.Attributes["mlflow.spanInputs"].Should().Be("{\"question\":\"What is MLflow?\"}");
        root.Attributes["mlflow.spanOutputs"].Should().Be("\"MLflow is a platform.\"");
        var tool = spans.Single(s => s.Name == "lookup");
        tool.ParentSpanId.Should().Be(rootId);
        tool.Attributes["mlflow.spanType"].Should().Be("TOOL");
        tool.Attributes["mlflow.spanInputs"].Should().Be("{\"q\":\"café\"}");
        tool.Attributes["mlflow.spanOutputs"].Should().Be("{\"value\":[\"doc1\",\"doc2\"]}");
        options!.Accounting.ExportedSpans.Should().Be(2);
        options.Accounting.DroppedSpans.Should().Be(0);
    }

    [Test]
    public void BasicCredentials_AreSentAsBasicAuthorization()
    {
        _server.Given(Request.Create().WithPath("/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = _server.Url!;
            o.Token = null;
            o.Username = "alice";
            o.Password = "pa:ss";
            o.Sources.Add(_source.Name);
        }))
        {
            using (_source.StartActivity("app"))
            {
            }

            provider.Shutdown().Should().BeTrue();
        }

        _server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single().Should().Be("Basic YWxpY2U6cGE6c3M=");
    }

    [Test]
    public void RejectedExport_DoesNotThrowIntoTheApp_AndItsSpansAreCountedAsDropped()
    {
        using var dropped = new DroppedSpansListener();
        _server.Given(Request.Create().WithPath("/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        MlflowTracingOptions? options = null;
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = _server.Url!;
            o.Sources.Add(_source.Name);
            options = o;
        }))
        {
            using (_source.StartActivity("app"))
            using (_source.StartActivity("child"))
            {
            }

            provider.Shutdown();
        }

        _server.LogEntries.Should().NotBeEmpty();
        options!.Accounting.DroppedSpans.Should().Be(2);
        options.Accounting.ExportedSpans.Should().Be(0);
        dropped[DropReasons.ExportFailed].Should().Be(2);
    }

    [Test]
    public void RejectedExport_LogsTheServersErrorCodeAndMessage()
    {
        var logs = new MlflowScorers.Tests.Support.CapturingLoggerFactory();
        _server.Given(Request.Create().WithPath("/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(404)
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "No Experiment with id=1 exists"}"""));
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = _server.Url!;
            o.ExperimentId = "1";
            o.Sources.Add(_source.Name);
            o.LoggerFactory = logs;
        }))
        {
            using (_source.StartActivity("app"))
            {
            }

            provider.Shutdown();
        }

        var line = logs.Lines.Should().ContainSingle(l => l.EventId == MlflowScorers.Diagnostics.MlflowLogEvents.TracingExportFailed).Subject;
        line.Message.Should().Contain("HTTP 404").And.Contain("RESOURCE_DOES_NOT_EXIST").And.Contain("No Experiment with id=1 exists")
            .And.Contain(_server.Url!);
    }
}
