using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Traces;
using static MlflowScorers.Tests.Judges.TraceAgent.TraceJudgeScript;

namespace MlflowScorers.Tests.Judges.TraceAgent;

/// <summary>An instructions judge with <c>{{ trace }}</c> against a scripted OpenAI-compatible endpoint that calls the trace tools.</summary>
public class TraceJudgeAgentTests
{
    private static readonly InstructionsJudge s_judge = new("looked_up_docs", "Decide from {{ trace }} whether the agent searched the docs before answering")
    {
        FeedbackValueType = FeedbackValueType.OneOf("yes", "no"),
    };

    [Test]
    public async Task RunAsync_ListThenGetSpan_AnswersEachCallAndReturnsTheVerdict()
    {
        var trace = TraceFixtures.AgentTrace311();
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("c1", "list_spans", "{}"))),
            (200, Calls(("c2", "get_span", """{"span_id": "0000000000000001"}"""))),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes", "search_docs ran first."), 300, 20)));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, ScorerContext.FromTrace(trace))).Single();

        feedback.Error.Should().BeNull();
        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Rationale.Should().Be("search_docs ran first.");
        feedback.Metadata![JudgeMetadataKeys.ToolCallCount].Should().Be("2");
        feedback.Metadata[JudgeMetadataKeys.ToolCalls].Should().Be("list_spans,get_span");
        feedback.Metadata[JudgeMetadataKeys.InputTokens].Should().Be("500");
        feedback.Metadata[JudgeMetadataKeys.OutputTokens].Should().Be("40");
        var requests = endpoint.Requests;
        requests.Should().HaveCount(3);
        requests[0]["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>())
            .Should().Equal("get_trace_info", "list_spans", "get_span", "search_trace_regex");
        requests[0]["tool_choice"]!.GetValue<string>().Should().Be("auto");
        Messages(requests[0]).Select(m => m!["role"]!.GetValue<string>()).Should().Equal("system", "user");
        Messages(requests[0])[0]!["content"]!.GetValue<string>().Should().Contain("get_trace_info").And.EndWith(s_judge.Instructions);
        var listed = JsonNode.Parse(ToolResult(requests[1], "c1"))!;
        listed["spans"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal(trace.Spans.Select(s => s.Name));
        listed["next_page_token"].Should().BeNull();
        var assistant = Messages(requests[1])[2]!;
        assistant["role"]!.GetValue<string>().Should().Be("assistant");
        assistant["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().Should().Be("list_spans");
        var span = JsonNode.Parse(JsonNode.Parse(ToolResult(requests[2], "c2"))!["content"]!.GetValue<string>())!;
        span["name"]!.GetValue<string>().Should().Be("search_docs");
        span["inputs"]!["query"]!.GetValue<string>().Should().Be("MLflow");
    }

    [Test]
    public async Task RunAsync_SeveralCallsInOneTurn_AnswersAllInOrder()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("a", "search_trace_regex", """{"pattern": "mlops"}"""), ("b", "get_trace_info", ""))),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("no"))));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        feedback.Value!.GetValue<string>().Should().Be("no");
        feedback.Metadata![JudgeMetadataKeys.ToolCalls].Should().Be("search_trace_regex,get_trace_info");
        var second = endpoint.Requests[1];
        Messages(second).Select(m => m!["role"]!.GetValue<string>()).Should().Equal("system", "user", "assistant", "tool", "tool");
        var search = JsonNode.Parse(ToolResult(second, "a"))!;
        search["total_matches"]!.GetValue<int>().Should().BeGreaterThan(0);
        search["matches"]!.AsArray().Select(m => m!["span_id"]!.GetValue<string>()).Should().Contain("0000000000000001");
        search["matches"]![0]!["matched_text"]!.GetValue<string>().Should().BeEquivalentTo("mlops");
        JsonNode.Parse(ToolResult(second, "b"))!["trace_id"]!.GetValue<string>().Should().StartWith("tr-");
    }

    [Test]
    public async Task RunAsync_MalformedCalls_AreAnsweredWithErrorsTheModelCanCorrect()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("x1", "get_span", "{not json"), ("x2", "read_everything", "{}"), ("x3", "list_spans", """{"max_results": "many"}"""))),
            (200, Calls(("x4", "search_trace_regex", """{"pattern": "(unclosed"}"""), ("x5", "get_span", "{}"))),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("no"))));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        feedback.Value!.GetValue<string>().Should().Be("no");
        feedback.Metadata![JudgeMetadataKeys.ToolCallCount].Should().Be("5");
        ToolResult(endpoint.Requests[1], "x1").Should().StartWith("Error: the arguments of 'get_span' are not a JSON object");
        ToolResult(endpoint.Requests[1], "x2").Should().Be(
            "Error: there is no tool named 'read_everything'; the tools are get_trace_info, list_spans, get_span, search_trace_regex.");
        ToolResult(endpoint.Requests[1], "x3").Should().Be("Error: max_results must be an integer; it was \"many\".");
        ToolResult(endpoint.Requests[2], "x4").Should().StartWith("Error: invalid regular expression '(unclosed'");
        ToolResult(endpoint.Requests[2], "x5").Should().Be("Error: get_span needs a span_id; list_spans shows them.");
    }

    [Test]
    public async Task RunAsync_SpanThatDoesNotExist_TellsTheModelAndGoesOn()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("s1", "get_span", """{"span_id": "ffffffffffffffff"}"""))),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("no", "The span does not exist."))));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        ToolResult(endpoint.Requests[1], "s1").Should().Be("Error: the trace has no span with span_id 'ffffffffffffffff'; list_spans shows the span ids.");
        feedback.Value!.GetValue<string>().Should().Be("no");
    }

    [Test]
    public async Task RunAsync_ModelNeverStops_EndsAtTheToolCallLimitWithErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (200, Calls(("loop", "list_spans", "{}"))));

        var feedback = (await endpoint.Runtime(o => o.TraceJudgeMaxToolCalls = 3).RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        endpoint.Requests.Should().HaveCount(4);
        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorCode.Should().Be("REQUEST_LIMIT_EXCEEDED");
        feedback.Error.ErrorMessage.Should().Contain("4 tool calls, more than the limit of 3").And.Contain("TraceJudgeMaxToolCalls");
        feedback.Metadata![JudgeMetadataKeys.ToolCallCount].Should().Be("3");
        feedback.Metadata[JudgeMetadataKeys.ToolCalls].Should().Be("list_spans,list_spans,list_spans");
        feedback.Source.SourceId.Should().Be("openai:/judge-model");
    }

    [Test]
    public async Task RunAsync_TokenBudgetSpent_EndsWithErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (200, Calls(("t", "get_trace_info", "{}"))));

        var feedback = (await endpoint.Runtime(o => o.TraceJudgeMaxTokens = 250).RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        endpoint.Requests.Should().HaveCount(3);
        feedback.Error!.ErrorCode.Should().Be("REQUEST_LIMIT_EXCEEDED");
        feedback.Error.ErrorMessage.Should().Contain("330 tokens").And.Contain("limit of 250");
        feedback.Metadata![JudgeMetadataKeys.ToolCallCount].Should().Be("2");
    }

    [Test]
    public async Task RunAsync_FinalAnswerUnreadable_EndsWithErrorFeedbackKeepingTheCalls()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("c", "list_spans", "{}"))),
            (200, ScriptedJudgeEndpoint.Completion("I think it is fine")));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorMessage.Should().Contain("I think it is fine");
        feedback.Metadata![JudgeMetadataKeys.ToolCalls].Should().Be("list_spans");
    }

    [Test]
    public async Task RunAsync_OtherVariables_AreGivenAsContextInTheUserMessage()
    {
        var judge = new InstructionsJudge("grounded", "Check that {{ outputs }} is backed by what the tools in {{ trace }} returned");
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));
        var trace = TraceFixtures.AgentTrace311();

        var feedback = (await endpoint.Runtime().RunAsync(judge, ScorerContext.FromTrace(trace))).Single();

        Messages(endpoint.Requests[0])[1]!["content"]!.GetValue<string>().Should().StartWith("outputs: ");
        feedback.Metadata![JudgeMetadataKeys.ToolCallCount].Should().Be("0");
        feedback.Metadata.Should().NotContainKey(JudgeMetadataKeys.ToolCalls);
    }

    [Test]
    public async Task RunAsync_RootSpanWithoutOutputs_FallsBackToReadingTheTrace()
    {
        var judge = new InstructionsJudge("answered", "Does {{ outputs }} answer {{ inputs }}?");
        var trace = SessionFixtures.Trace("tr-otel", sessionId: null, minute: 0, inputs: null, outputs: null, ("lookup", "{}", "\"42\""));
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));

        await endpoint.Runtime().RunAsync(judge, ScorerContext.FromTrace(trace));

        endpoint.Requests[0]["tools"].Should().NotBeNull();
    }

    [Test]
    public async Task RunAsync_DatabricksEndpoint_OffersTheToolsAndReadsTheCalls()
    {
        const string path = "/serving-endpoints/judge-endpoint/invocations";
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            path, (200, Calls(("d1", "list_spans", "{}"))), (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes"))));

        var feedback = (await endpoint.Runtime().RunAsync(s_judge with { Model = "databricks:/judge-endpoint" }, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        endpoint.Requests[0]["tools"]!.AsArray().Should().HaveCount(4);
        endpoint.Requests[0]["response_schema"].Should().NotBeNull();
        ToolResult(endpoint.Requests[1], "d1").Should().Contain("\"spans\"");
    }

    [Test]
    public async Task ScorerRunner_JudgeWithoutTrace_YieldsErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint();

        var feedback = (await new ScorerRunner(endpoint.Runtime()).RunAsync(s_judge, new ScorerContext { Inputs = "q" })).Single();

        feedback.Error!.ErrorMessage.Should().Be("Must specify 'trace' - required by template variables in instructions.");
        endpoint.Server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public void JudgeRuntime_NegativeToolCallLimit_IsRefused()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions { TraceJudgeMaxToolCalls = -1 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("TraceJudgeMaxToolCalls");
    }
}
