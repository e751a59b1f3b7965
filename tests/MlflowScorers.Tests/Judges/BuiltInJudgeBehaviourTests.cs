using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Judges;

public class BuiltInJudgeBehaviourTests
{
    [Test]
    public async Task RetrievalRelevance_TwoChunks_GivesPrecisionThenOneFeedbackPerChunk()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"), ScriptedJudgeEndpoint.Verdict("no"));

        var feedback = await endpoint.Runtime().RunAsync(new RetrievalRelevance(), ScorerContext.FromTrace(TraceFixtures.RagTrace311()));

        feedback.Select(f => f.Name).Should().Equal("retrieval_relevance/precision", "retrieval_relevance", "retrieval_relevance");
        feedback.Should().OnlyContain(f => f.SpanId == "0102030405060708");
        feedback[0].Value!.GetValue<double>().Should().Be(0.5);
        feedback.Skip(1).Select(f => f.Value!.GetValue<string>()).Should().Equal("yes", "no");
    }

    [Test]
    public async Task RetrievalGroundedness_OneRetrieverSpan_FeedbackCarriesItsSpanId()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("no"));

        var feedback = (await endpoint.Runtime().RunAsync(new RetrievalGroundedness(), ScorerContext.FromTrace(TraceFixtures.RagTrace311()))).Single();

        feedback.SpanId.Should().Be("0102030405060708");
        feedback.Value!.GetValue<string>().Should().Be("no");
    }

    [Test]
    public async Task RunAsync_ContextWithOnlyATrace_TakesFieldsFromTheTraceAndExplicitValuesWin()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));
        var runtime = endpoint.Runtime();
        var trace = TraceFixtures.RagTrace311();

        await runtime.RunAsync(new Correctness(), new ScorerContext { Trace = trace });
        await runtime.RunAsync(new Correctness(), new ScorerContext { Trace = trace, Outputs = "Overridden answer." });

        endpoint.PromptOf(0).Should().Contain("<claim>MLflow is an open source MLOps platform.</claim>")
            .And.Contain("<document>{'question': 'What is MLflow?'} - Hello! You asked: What is MLflow?</document>");
        endpoint.PromptOf(1).Should().Contain("<document>{'question': 'What is MLflow?'} - Overridden answer.</document>");
    }

    [Test]
    public async Task RetrievalJudge_TraceWithoutRetriever_Fails()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new RetrievalGroundedness(), ScorerContext.FromTrace(TraceFixtures.Trace311()));

        await act.Should().ThrowAsync<MlflowException>().WithMessage("*at least one RETRIEVER span*");
    }

    [Test]
    public async Task RetrievalJudge_NoTrace_NamesTheMissingField()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new RetrievalRelevance(), new ScorerContext { Outputs = "x" });

        await act.Should().ThrowAsync<MlflowException>()
            .WithMessage("RetrievalRelevance requires the following fields: trace. Provide them directly or pass a trace containing them.");
    }

    [Test]
    public async Task Guidelines_MissingInputsAndOutputs_NamesThem()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new Guidelines("Be nice"), new ScorerContext());

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Guidelines requires the following fields: inputs, outputs.*");
    }

    [TestCase("\"Paris\"", "\"Paris\"", "yes", "Exact string match")]
    [TestCase("42", "42.0", "yes", "Exact numerical match")]
    [TestCase("3", "4", "no", "Values do not match: 3 != 4")]
    public async Task Equivalence_ExactCases_NeedNoJudgeCall(string output, string expected, string value, string rationale)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("no"));
        var context = new ScorerContext
        {
            Outputs = JsonNode.Parse(output),
            Expectations = new Dictionary<string, JsonNode?> { ["expected_response"] = JsonNode.Parse(expected) },
        };

        var feedback = (await endpoint.Runtime().RunAsync(new Equivalence(), context)).Single();

        feedback.Value!.GetValue<string>().Should().Be(value);
        feedback.Rationale.Should().Be(rationale);
        feedback.Source.Should().Be(AssessmentSource.FromCode("equivalence"));
        endpoint.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Equivalence_NoExpectedResponse_Fails()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new Equivalence(), new ScorerContext { Outputs = "x" });

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Equivalence scorer requires `expected_response` in the `expectations` dictionary.");
    }

    [Test]
    public async Task Correctness_NoExpectations_FailsWithMlflowsMessage()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(
            new Correctness(),
            new ScorerContext { Inputs = "q", Outputs = "a", Expectations = new Dictionary<string, JsonNode?> { ["other"] = 1 } });

        await act.Should().ThrowAsync<MlflowException>().WithMessage(
            "Correctness scorer requires either `expected_response` or `expected_facts` in the `expectations` dictionary.");
    }

    [Test]
    public async Task ExpectationsGuidelines_NoGuidelines_FailsWithMlflowsMessage()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new ExpectationsGuidelines(), new ScorerContext { Inputs = "q", Outputs = "a" });

        await act.Should().ThrowAsync<MlflowException>().WithMessage(
            "Guidelines must be specified in the `expectations` parameter or must be present in the trace.");
    }

    [Test]
    public async Task UnknownBuiltInJudge_IsNotRun()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new FutureJudge(), new ScorerContext { Outputs = "x" });

        await act.Should().ThrowAsync<NotSupportedException>().WithMessage("FutureJudge does not run in .NET yet.");
    }

    [TestCase(true, "[{\"name\": \"get_time\"}, {\"name\": \"search_docs\", \"arguments\": {\"query\": \"MLflow\"}}]", "yes")]
    [TestCase(true, "[{\"name\": \"search_docs\"}, {\"name\": \"get_time\"}]", "no")]
    [TestCase(false, "[{\"name\": \"search_docs\"}, {\"name\": \"get_time\"}]", "yes")]
    [TestCase(false, "[{\"name\": \"search_docs\", \"arguments\": {\"query\": \"Spark\"}}, {\"name\": \"get_time\"}]", "no")]
    [TestCase(false, "[{\"name\": \"search_docs\"}]", "no")]
    public async Task ToolCallCorrectness_ExactMatch_ComparesWithoutAJudge(bool ordered, string expected, string value)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));
        var context = ScorerContext.FromTrace(TraceFixtures.AgentTrace311()) with
        {
            Expectations = new Dictionary<string, JsonNode?> { ["expected_tool_calls"] = JsonNode.Parse(expected) },
        };

        var feedback = (await endpoint.Runtime().RunAsync(new ToolCallCorrectness { ShouldExactMatch = true, ShouldConsiderOrdering = ordered }, context)).Single();

        feedback.Value!.GetValue<string>().Should().Be(value);
        feedback.Source.Should().Be(AssessmentSource.FromCode("tool_call_correctness"));
        feedback.Rationale.Should().NotBeNullOrEmpty();
        endpoint.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task ToolCallCorrectness_ExactMatchWithoutExpectations_Fails()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(
            new ToolCallCorrectness { ShouldExactMatch = true }, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()));

        await act.Should().ThrowAsync<MlflowException>().WithMessage("*requires `expected_tool_calls`*");
    }

    [Test]
    public async Task ToolCallEfficiency_TraceWithoutTools_Fails()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new ToolCallEfficiency(), ScorerContext.FromTrace(TraceFixtures.Trace311()));

        await act.Should().ThrowAsync<MlflowException>().WithMessage("ToolCallEfficiency requires a trace with at least one TOOL span; none was found.");
    }

    private sealed record FutureJudge : BuiltInJudge
    {
        [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
        public FutureJudge() => Name = "future";

        public override string BuiltInClassName => "FutureJudge";

        public override IReadOnlyList<string> RequiredColumns => ["outputs"];
    }

    [Test]
    public async Task FieldBasedBuiltIn_AsksForYesOrNoSchema()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("Yes"));

        var feedback = (await endpoint.Runtime().RunAsync(new Fluency(), new ScorerContext { Outputs = "Fine text." })).Single();

        endpoint.Requests.Single()["response_format"]!["json_schema"]!["schema"]!["properties"]!["result"]!["enum"]!.ToJsonString()
            .Should().Be("[\"yes\",\"no\"]");
        feedback.Value!.GetValue<string>().Should().Be("yes");
    }
}
