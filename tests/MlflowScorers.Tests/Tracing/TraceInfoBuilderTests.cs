using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Stores.Local;
using MlflowScorers.Traces;

namespace MlflowScorers.Tests.Tracing;

/// <summary>One trace-info builder: the exporter and the local writer derive the same previews and metadata from the same spans.</summary>
[NonParallelizable]
public sealed class TraceInfoBuilderTests
{
    [Test]
    public async Task ExporterAndLocalWriter_DeriveTheSamePreviewsAndMetadata_FromTheSameSpans()
    {
        var writer = new FakeTraceWriter();
        using (var harness = new TracingHarness(writer))
        {
            using (var root = harness.Source.StartActivity("chat")!)
            {
                var question = "Tell me about MLflow. " + new string('é', 1200);
                root.SetTag("mlflow.spanInputs", new JsonObject
                {
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
                        new JsonObject { ["role"] = "user", ["content"] = question }),
                }.ToJsonString());
                root.SetTag("mlflow.spanOutputs", """{"choices": [{"index": 0, "message": {"role": "assistant", "content": "A platform."}}]}""");
                root.SetTag("gen_ai.usage.input_tokens", 7);
                root.SetTag("gen_ai.usage.output_tokens", 3);
            }

            harness.Flush();
        }

        var exported = writer.Traces.Should().ContainSingle().Subject;
        using var database = TempDatabase.CopyOfMlflow36();
        await using var store = database.OpenStore();
        var bare = exported with { Info = new TraceInfo { TraceId = exported.TraceId, RequestTime = exported.Info.RequestTime } };
        await store.WriteTraceAsync("2", bare, default);
        var written = (await store.GetTraceAsync(exported.TraceId, default)).Info;

        exported.Info.RequestPreview.Should().HaveLength(TraceInfoBuilder.PreviewMaxLength)
            .And.StartWith("Tell me about MLflow. éé").And.EndWith("é...");
        exported.Info.ResponsePreview.Should().Be("A platform.");
        written.RequestPreview.Should().Be(exported.Info.RequestPreview);
        written.ResponsePreview.Should().Be(exported.Info.ResponsePreview);
        foreach (var key in new[] { "mlflow.traceInputs", "mlflow.traceOutputs", "mlflow.trace.tokenUsage", "mlflow.trace_schema.version" })
        {
            written.Metadata[key].Should().Be(exported.Info.Metadata[key], key);
        }

        exported.Info.Metadata["mlflow.traceInputs"].Should().HaveLength(TraceInfoBuilder.MetadataMaxLength).And.StartWith("{\"messages\": [{\"role\": ");
        exported.Info.Metadata["mlflow.trace.tokenUsage"].Should().Be("{\"input_tokens\": 7, \"output_tokens\": 3, \"total_tokens\": 10}");
        written.Tags["mlflow.traceName"].Should().Be(exported.Info.Tags["mlflow.traceName"]).And.Be("chat");
    }

    [TestCase("""{"messages": [{"role": "user", "content": "first"}, {"role": "assistant", "content": "x"}, {"role": "user", "content": [{"type": "text", "text": "last"}]}]}""", "user", "last")]
    [TestCase("""{"input": [{"role": "user", "content": "responses api"}]}""", "user", "responses api")]
    [TestCase("""{"request": {"input": [{"role": "user", "content": "agent"}]}}""", "user", "agent")]
    [TestCase("""{"output": [{"role": "assistant", "content": [{"type": "output_text", "text": "done"}]}]}""", "assistant", "done")]
    [TestCase("""{"messages": [{"role": "system", "content": "only system"}]}""", "user", "only system")]
    [TestCase("""{"question": "What is MLflow?"}""", "user", """{"question": "What is MLflow?"}""")]
    [TestCase("\"plain\"", "assistant", "\"plain\"")]
    public void Preview_TakesTheLastMessageOfTheRole_OrTheJsonText(string json, string role, string expected) =>
        TraceInfoBuilder.Preview(JsonNode.Parse(json), role).Should().Be(expected);

    [Test]
    public void Complete_KeepsWhatTheInfoAlreadyHas()
    {
        var info = new TraceInfo
        {
            TraceId = "tr-1",
            RequestPreview = "mine",
            Metadata = new System.Collections.Generic.Dictionary<string, string> { ["mlflow.traceInputs"] = "set" },
            Tags = new System.Collections.Generic.Dictionary<string, string> { ["mlflow.traceName"] = "named" },
        };
        var root = new Span { SpanId = "1111111111111111", Name = "root", Inputs = JsonValue.Create("x"), Outputs = JsonValue.Create("y") };

        var completed = TraceInfoBuilder.Complete(info, [root]);

        completed.RequestPreview.Should().Be("mine");
        completed.ResponsePreview.Should().Be("\"y\"");
        completed.Metadata["mlflow.traceInputs"].Should().Be("set");
        completed.Metadata["mlflow.traceOutputs"].Should().Be("\"y\"");
        completed.Tags["mlflow.traceName"].Should().Be("named");
        info.Metadata.Keys.Should().Equal("mlflow.traceInputs");
    }
}
