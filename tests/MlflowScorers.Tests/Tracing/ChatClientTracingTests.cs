using System.Diagnostics;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace MlflowScorers.Tests.Tracing;

[NonParallelizable]
public class ChatClientTracingTests
{
    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Test]
    public async Task OpenTelemetryChatClientCall_BecomesATraceWhoseInputsAndOutputsAreThePromptAndCompletion()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "MLflow is a platform."))
        {
            Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5 },
            ModelId = "fake-model",
            FinishReason = ChatFinishReason.Stop,
        };
        using var client = new ChatClientBuilder(new FakeChatClient(response))
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "What is MLflow?")],
            new ChatOptions { ModelId = "fake-model" });
        harness.Flush();

        var trace = writer.Traces.Should().ContainSingle().Subject;
        trace.RootSpan!.Name.Should().Be("chat fake-model");
        trace.RootSpan.SpanType.Should().Be(SpanType.ChatModel);
        trace.Inputs!.ToJsonString().Should().Be(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is MLflow?\"}]}");
        trace.Outputs!.ToJsonString().Should().Be(
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"MLflow is a platform.\"},\"finish_reason\":\"stop\"}]}");
        trace.RootSpan.Attributes["gen_ai.usage.input_tokens"]!.GetValue<long>().Should().Be(12);
        trace.RootSpan.Attributes["gen_ai.usage.output_tokens"]!.GetValue<long>().Should().Be(5);
        trace.Info.Metadata["mlflow.trace.tokenUsage"].Should().Be("{\"input_tokens\": 12, \"output_tokens\": 5, \"total_tokens\": 17}");
    }

    [Test]
    public async Task ChatCallInsideAnAppSpan_IsAChatModelChildOfTheAppRoot()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using var client = new ChatClientBuilder(new FakeChatClient(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hi."))))
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();

        using (var app = harness.Source.StartActivity("app")!)
        {
            app.SetTag("mlflow.spanInputs", "{\"question\":\"Hello?\"}");
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello?")]);
            app.SetTag("mlflow.spanOutputs", "\"Hi.\"");
        }

        harness.Flush();

        var trace = writer.Traces.Should().ContainSingle().Subject;
        trace.Inputs!.ToJsonString().Should().Be("{\"question\":\"Hello?\"}");
        var chat = trace.FindSpans(SpanType.ChatModel).Should().ContainSingle().Subject;
        chat.ParentId.Should().Be(trace.RootSpan!.SpanId);
        chat.Inputs!["messages"]![0]!["content"]!.GetValue<string>().Should().Be("Hello?");
        chat.Outputs!["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("Hi.");
    }

    [Test]
    public void OlderEventForm_MessagesAndChoices_BecomeInputsAndOutputs()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var chat = harness.Source.StartActivity("chat gpt")!)
        {
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.AddEvent(new ActivityEvent("gen_ai.user.message", tags: new ActivityTagsCollection { ["gen_ai.event.content"] = "{\"content\":\"What is MLflow?\"}" }));
            chat.AddEvent(new ActivityEvent("gen_ai.choice", tags: new ActivityTagsCollection
            {
                ["gen_ai.event.content"] = "{\"finish_reason\":\"stop\",\"index\":0,\"message\":{\"content\":\"A platform.\"}}",
            }));
        }

        harness.Flush();

        var trace = writer.Traces.Single();
        trace.Inputs!.ToJsonString().Should().Be("{\"messages\":[{\"content\":\"What is MLflow?\",\"role\":\"user\"}]}");
        trace.Outputs!["choices"]![0]!["message"]!["role"]!.GetValue<string>().Should().Be("assistant");
        trace.Outputs["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("A platform.");
    }

    [Test]
    public void ToolCallParts_BecomeToolCallsAndToolMessages()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var chat = harness.Source.StartActivity("chat")!)
        {
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.input.messages", """
                [{"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"search","arguments":{"q":"mlflow"}}]},
                 {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":"found"}]}]
                """);
        }

        harness.Flush();

        writer.Traces.Single().Inputs!.ToJsonString(s_relaxed).Should().Be(
            "{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"search\",\"arguments\":\"{\\\"q\\\":\\\"mlflow\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"found\"}]}");
        writer.Traces.Single().Outputs.Should().BeNull();
    }
}
