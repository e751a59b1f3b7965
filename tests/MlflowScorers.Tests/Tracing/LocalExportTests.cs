using System;
using System.Diagnostics;
using System.Linq;

namespace MlflowScorers.Tests.Tracing;

[NonParallelizable]
public class LocalExportTests
{
    [Test]
    public void RootEnd_WritesTheWholeTrace_WithIdsTimesStatusTypesAndRootInputsOutputs()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        string rootSpanId, childSpanId, traceHex;
        DateTime rootStart;
        using (var root = harness.Source.StartActivity("app")!)
        {
            root.SetTag("mlflow.spanInputs", "{\"question\":\"What is MLflow?\"}");
            root.SetTag("mlflow.spanType", "AGENT");
            using (var child = harness.Source.StartActivity("lookup")!)
            {
                child.SetTag("gen_ai.operation.name", "execute_tool");
                child.SetTag("gen_ai.tool.call.arguments", "{\"q\":\"mlflow\"}");
                child.SetTag("gen_ai.tool.call.result", "\"a platform\"");
                childSpanId = child.SpanId.ToHexString();
            }

            root.SetTag("mlflow.spanOutputs", "\"MLflow is a platform.\"");
            root.SetStatus(ActivityStatusCode.Ok);
            rootSpanId = root.SpanId.ToHexString();
            traceHex = root.TraceId.ToHexString();
            rootStart = root.StartTimeUtc;
        }

        harness.Flush();

        var (experimentId, trace) = writer.Writes.Should().ContainSingle().Subject;
        experimentId.Should().Be("5");
        trace.TraceId.Should().Be("tr-" + traceHex).And.MatchRegex("^tr-[0-9a-f]{32}$");
        trace.Info.ExperimentId.Should().Be("5");
        trace.Info.State.Should().Be("OK");
        trace.Info.RequestTime.Should().Be(new DateTimeOffset(rootStart, TimeSpan.Zero));
        trace.Info.RequestPreview.Should().Be("{\"question\": \"What is MLflow?\"}");
        trace.Info.ResponsePreview.Should().Be("\"MLflow is a platform.\"");
        trace.Info.Tags["mlflow.traceName"].Should().Be("app");
        trace.Info.Metadata["mlflow.traceInputs"].Should().Be("{\"question\": \"What is MLflow?\"}");
        trace.Inputs!["question"]!.GetValue<string>().Should().Be("What is MLflow?");
        trace.Outputs!.GetValue<string>().Should().Be("MLflow is a platform.");

        trace.Spans.Select(s => s.Name).Should().Equal("app", "lookup");
        var rootSpan = trace.RootSpan!;
        rootSpan.SpanId.Should().Be(rootSpanId);
        rootSpan.SpanType.Should().Be(SpanType.Agent);
        rootSpan.StatusCode.Should().Be("STATUS_CODE_OK");
        rootSpan.StartTimeUnixNano.Should().Be((rootStart - DateTime.UnixEpoch).Ticks * 100);
        rootSpan.EndTimeUnixNano.Should().BeGreaterThanOrEqualTo(rootSpan.StartTimeUnixNano);
        var childSpan = trace.Spans[1];
        childSpan.SpanId.Should().Be(childSpanId).And.MatchRegex("^[0-9a-f]{16}$");
        childSpan.ParentId.Should().Be(rootSpanId);
        childSpan.SpanType.Should().Be(SpanType.Tool);
        childSpan.StatusCode.Should().Be("STATUS_CODE_UNSET");
        childSpan.Inputs!.ToJsonString().Should().Be("{\"q\":\"mlflow\"}");
        childSpan.Outputs!.GetValue<string>().Should().Be("a platform");
        childSpan.Attributes["gen_ai.operation.name"]!.GetValue<string>().Should().Be("execute_tool");
        harness.Accounting.ExportedSpans.Should().Be(2);
        harness.Accounting.DroppedSpans.Should().Be(0);
    }

    [Test]
    public void ChildrenExportedBeforeTheirRoot_AreHeldUntilTheRootEnds()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using var root = harness.Source.StartActivity("app")!;
        using (harness.Source.StartActivity("first"))
        {
        }

        harness.Flush();
        writer.Writes.Should().BeEmpty();

        using (harness.Source.StartActivity("second"))
        {
        }

        harness.Flush();
        writer.Writes.Should().BeEmpty();

        root.Stop();
        harness.Flush();

        var trace = writer.Traces.Should().ContainSingle().Subject;
        trace.Spans.Select(s => s.Name).Should().Equal("app", "first", "second");
        trace.Spans.Skip(1).Should().OnlyContain(s => s.ParentId == root.SpanId.ToHexString());
    }

    [Test]
    public void ErrorStatusOnTheRoot_MakesTheTraceStateError()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var root = harness.Source.StartActivity("app")!)
        {
            root.SetStatus(ActivityStatusCode.Error, "boom");
        }

        harness.Flush();

        var trace = writer.Traces.Should().ContainSingle().Subject;
        trace.Info.State.Should().Be("ERROR");
        trace.RootSpan!.StatusCode.Should().Be("STATUS_CODE_ERROR");
        trace.RootSpan.SpanType.Should().Be(SpanType.Unknown);
        trace.Inputs.Should().BeNull();
    }

    [Test]
    public void TwoTraces_AreWrittenSeparately()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (harness.Source.StartActivity("one"))
        {
        }

        using (harness.Source.StartActivity("two"))
        {
        }

        harness.Flush();

        writer.Traces.Select(t => t.RootSpan!.Name).Should().Equal("one", "two");
        writer.Traces.Select(t => t.TraceId).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void DictionaryInputs_BecomeAJsonObject()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var root = harness.Source.StartActivity("app")!)
        {
            root.SetTag("mlflow.spanInputs", new System.Collections.Generic.Dictionary<string, object?> { ["question"] = "Why?", ["n"] = 2 });
        }

        harness.Flush();

        writer.Traces.Single().Inputs!.ToJsonString().Should().Be("{\"question\":\"Why?\",\"n\":2}");
    }
}
