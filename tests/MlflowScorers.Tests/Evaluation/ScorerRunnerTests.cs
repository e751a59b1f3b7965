using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Evaluation;

public class ScorerRunnerTests
{
    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"query": "What is Databricks SQL"}"""),
        Outputs = JsonNode.Parse("""{"response": "Databricks SQL is a warehouse"}"""),
    };

    private readonly ScorerRunner _runner = new();

    [TestCase(true, "true")]
    [TestCase(42, "42")]
    [TestCase(0.5, "0.5")]
    [TestCase("good", "\"good\"")]
    public async Task RunAsync_PrimitiveResult_BecomesCodeFeedbackNamedAfterScorer(object value, string json)
    {
        var feedback = await _runner.RunAsync(CodeScorer.Create("my_scorer", _ => value), s_row);

        var single = feedback.Should().ContainSingle().Subject;
        single.Name.Should().Be("my_scorer");
        single.Value!.ToJsonString().Should().Be(json);
        single.Source.Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Code, SourceId = "my_scorer" });
        single.Error.Should().BeNull();
    }

    [Test]
    public async Task RunAsync_NullResult_GivesNoFeedback() =>
        (await _runner.RunAsync(CodeScorer.Create("none", _ => null), s_row)).Should().BeEmpty();

    [Test]
    public async Task RunAsync_FeedbackNamedFeedback_IsRenamedAndOtherNamesKept()
    {
        var scorer = CodeScorer.Create("mine", _ => new[]
        {
            new Feedback { Name = Feedback.DefaultName, Value = 1, Rationale = "r" },
            new Feedback { Name = "custom", Value = "x" },
        });

        var feedback = await _runner.RunAsync(scorer, s_row);

        feedback.Select(f => f.Name).Should().Equal("mine", "custom");
        feedback[0].Rationale.Should().Be("r");
        feedback[0].Source.SourceId.Should().Be("default");
    }

    [Test]
    public async Task RunAsync_SingleFeedback_IsRenamed()
    {
        var feedback = await _runner.RunAsync(CodeScorer.Create("mine", _ => new Feedback { Name = Feedback.DefaultName, Value = true }), s_row);

        feedback.Should().ContainSingle().Which.Name.Should().Be("mine");
    }

    [Test]
    public async Task RunAsync_ScorerThrows_GivesScorerErrorFeedback()
    {
        var scorer = CodeScorer.Create("broken", _ => throw new InvalidOperationException("boom"));

        var feedback = (await _runner.RunAsync(scorer, s_row)).Should().ContainSingle().Subject;

        feedback.Name.Should().Be("broken");
        feedback.Value.Should().BeNull();
        feedback.Source.Should().Be(AssessmentSource.FromCode("broken"));
        feedback.Error!.ErrorCode.Should().Be("SCORER_ERROR");
        feedback.Error.ErrorMessage.Should().Be("boom");
        feedback.Error.StackTrace.Should().Contain("InvalidOperationException").And.Contain(nameof(RunAsync_ScorerThrows_GivesScorerErrorFeedback));
    }

    [Test]
    public async Task RunAsync_UnsupportedReturnType_GivesScorerErrorFeedback()
    {
        var feedback = await _runner.RunAsync(CodeScorer.Create("odd", _ => new Uri("https://x")), s_row);

        feedback.Single().Error!.ErrorMessage.Should().Be("odd must return one of int, float, bool, str, Feedback, or list[Feedback]. Got Uri");
    }

    [Test]
    public async Task RunAsync_AsyncScorer_ReceivesTokenAndResult()
    {
        using var source = new CancellationTokenSource();
        CancellationToken seen = default;
        var scorer = CodeScorer.Create("async", async (context, token) =>
        {
            seen = token;
            await Task.Yield();
            return context.Outputs!["response"]!.ToString().Length;
        });

        var feedback = await _runner.RunAsync(scorer, s_row, source.Token);

        feedback.Single().Value!.GetValue<long>().Should().Be(29);
        seen.Should().Be(source.Token);
    }

    [Test]
    public async Task RunAsync_CallerCancels_Throws()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        var scorer = CodeScorer.Create("slow", (_, token) =>
        {
            token.ThrowIfCancellationRequested();
            return ValueTask.FromResult<object?>(1);
        });

        var act = () => _runner.RunAsync(scorer, s_row, source.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task RunAsync_Trace_FeedbackCarriesTraceAndRootSpanIds()
    {
        var trace = TraceFixtures.Trace311();
        var scorer = CodeScorer.FromTrace("span_count", t => t.Spans.Count);

        var feedback = (await _runner.RunAsync(scorer, ScorerContext.FromTrace(trace))).Single();

        feedback.Value!.GetValue<long>().Should().Be(1);
        feedback.TraceId.Should().Be("tr-de983a0007c611e54736ff026ab25699");
        feedback.SpanId.Should().Be("5a8677f8abd1bd42");
    }

    [Test]
    public async Task RunAsync_ContextWithOnlyATrace_SeesRootSpanFieldsAndTraceId()
    {
        ScorerContext? seen = null;
        var scorer = CodeScorer.Create("peek", context =>
        {
            seen = context;
            return null;
        });

        await _runner.RunAsync(scorer, new ScorerContext { Trace = TraceFixtures.RagTrace311() });

        seen!.Inputs!["question"]!.GetValue<string>().Should().Be("What is MLflow?");
        seen.Outputs!.GetValue<string>().Should().Be("Hello! You asked: What is MLflow?");
        seen.Expectations!.Keys.Should().Equal("expected_response");
        seen.TraceId.Should().Be("tr-de983a0007c611e54736ff026ab25699");
    }

    [Test]
    public async Task RunAsync_TraceScorerWithoutTrace_ErrorNamesTheMissingField()
    {
        var feedback = await _runner.RunAsync(CodeScorer.FromTrace("needs_trace", t => t.Spans.Count), s_row);

        feedback.Single().Error!.ErrorMessage.Should().Contain("requires the following fields: trace");
    }

    [Test]
    public async Task RunAsync_ExpectationScorer_SeesExpectationsOrEmpty()
    {
        var scorer = CodeScorer.FromOutputsAndExpectations("matches", (outputs, expectations) =>
            expectations.TryGetValue("expected", out var e) ? e!.ToString() == outputs!["response"]!.ToString() : (object?)null);

        (await _runner.RunAsync(scorer, s_row)).Should().BeEmpty();
        var row = s_row with { Expectations = new Dictionary<string, JsonNode?> { ["expected"] = "Databricks SQL is a warehouse" } };
        (await _runner.RunAsync(scorer, row)).Single().Value!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task RunAsync_InputsOutputsAndExpectations_AllPassedInOrder()
    {
        var scorer = CodeScorer.FromInputsOutputsAndExpectations("all", (i, o, e) => $"{i!["query"]}|{o!["response"]}|{e.Count}");

        (await _runner.RunAsync(scorer, s_row)).Single().Value!.GetValue<string>()
            .Should().Be("What is Databricks SQL|Databricks SQL is a warehouse|0");
    }

    [Test]
    public async Task RunAsync_SeedGuideScorers_RunAsWritten()
    {
        (await _runner.RunAsync(SeedGuideScorers.MentionsDatabricks, s_row)).Single().Value!.GetValue<bool>().Should().BeTrue();
        (await _runner.RunAsync(SeedGuideScorers.ResponseLength, s_row)).Single().Value!.GetValue<long>().Should().Be(29);
        (await _runner.RunAsync(SeedGuideScorers.ResponseRelevanceScore, s_row)).Single().Value!.GetValue<double>().Should().Be(0.75);
    }

    [Test]
    public async Task RunAsync_CodeScorerWithoutFunction_GivesErrorFeedback()
    {
        var feedback = await _runner.RunAsync(new CodeScorer { Name = "loaded" }, s_row);

        feedback.Single().Error!.ErrorMessage.Should().Contain("has no Evaluate function");
    }

    [Test]
    public async Task RunAsync_JudgeWithoutRuntime_GivesErrorFeedback()
    {
        var feedback = await _runner.RunAsync(new Safety(), s_row);

        feedback.Single().Error!.ErrorMessage.Should().Contain("needs a JudgeRuntime");
    }
}
