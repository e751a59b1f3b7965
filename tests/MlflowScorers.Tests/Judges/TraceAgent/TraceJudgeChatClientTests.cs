using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Judges.TraceAgent;

/// <summary>A trace-reading judge on an <see cref="IChatClient"/> with function calling.</summary>
public class TraceJudgeChatClientTests
{
    [Test]
    public async Task RunAsync_ChatClient_DeclaresTheToolsAndSendsTheResultsBack()
    {
        var turn = 0;
        var client = new RecordingChatClient((_, _, _) => Task.FromResult(++turn == 1
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [
                new FunctionCallContent("f1", "get_span", new Dictionary<string, object?> { ["span_id"] = "0000000000000002" }),
                new FunctionCallContent("f2", "get_trace_info")]))
            { Usage = new UsageDetails { InputTokenCount = 50, OutputTokenCount = 5 } }
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, ScriptedJudgeEndpoint.Verdict("yes")))
            { Usage = new UsageDetails { InputTokenCount = 80, OutputTokenCount = 9 } }));
        var runtime = new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client });
        var judge = new InstructionsJudge("clock", "Decide from {{ trace }} whether the agent checked the time");

        var feedback = (await runtime.RunAsync(judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Metadata![JudgeMetadataKeys.ToolCalls].Should().Be("get_span,get_trace_info");
        feedback.Metadata[JudgeMetadataKeys.InputTokens].Should().Be("130");
        client.Calls.Should().HaveCount(2);
        var declared = client.Calls[0].Options!.Tools!.OfType<AIFunctionDeclaration>().ToArray();
        declared.Select(t => t.Name).Should().Equal("get_trace_info", "list_spans", "get_span", "search_trace_regex");
        declared[2].JsonSchema.GetProperty("required")[0].GetString().Should().Be("span_id");
        var second = client.Calls[1].Messages;
        second.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool);
        second[2].Contents.OfType<FunctionCallContent>().Select(c => c.Name).Should().Equal("get_span", "get_trace_info");
        var spanResult = second[3].Contents.OfType<FunctionResultContent>().Single();
        spanResult.CallId.Should().Be("f1");
        using var span = JsonDocument.Parse(spanResult.Result!.ToString()!);
        span.RootElement.GetProperty("content").GetString().Should().Contain("get_time").And.Contain("16:22");
    }
}
