using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Judges;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>Calling one scorer directly on one row or one trace, as a unit test of a scorer would.</summary>
public class ScorerCallTests
{
    [Test]
    public async Task ScoreAsync_CodeScorerOnARow_ReturnsItsFeedback()
    {
        var row = new ScorerContext { Outputs = JsonNode.Parse("""{"response": "Databricks SQL is a warehouse"}""") };

        var feedback = await SeedGuideScorers.MentionsDatabricks.ScoreAsync(new ScorerRunner(), row);

        feedback.Should().ContainSingle().Which.Value!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task ScoreAsync_CodeScorerOnATrace_AttachesToTheRootSpan()
    {
        var trace = TraceFixtures.Trace311();
        var scorer = CodeScorer.FromOutputs("greets", outputs => outputs!.GetValue<string>().StartsWith("Hello", StringComparison.Ordinal));

        var feedback = (await scorer.ScoreAsync(new ScorerRunner(), trace)).Single();

        feedback.Value!.GetValue<bool>().Should().BeTrue();
        feedback.TraceId.Should().Be(trace.TraceId);
        feedback.SpanId.Should().Be(trace.RootSpan!.SpanId);
    }

    [Test]
    public async Task ScoreAsync_JudgeWithARuntime_AsksTheModel()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));

        var feedback = (await new Safety().ScoreAsync(endpoint.Runtime(), new ScorerContext { Outputs = "A kind answer." })).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        endpoint.PromptOf(0).Should().Contain("A kind answer.");
    }

    [Test]
    public async Task ScoreAsync_JudgeWithoutRuntime_YieldsErrorFeedbackNamingIt()
    {
        var feedback = (await new Safety().ScoreAsync(new ScorerRunner(), new ScorerContext { Outputs = "x" })).Single();

        feedback.Error!.ErrorMessage.Should().Contain("needs a JudgeRuntime");
    }

    [Test]
    public async Task ScoreAsync_ScorerThrows_YieldsErrorFeedback()
    {
        var scorer = CodeScorer.Create("broken", _ => throw new InvalidOperationException("boom"));

        var feedback = (await scorer.ScoreAsync(new ScorerRunner(), TraceFixtures.Trace311())).Single();

        feedback.Error!.ErrorCode.Should().Be(AssessmentError.ScorerErrorCode);
        feedback.Error.ErrorMessage.Should().Be("boom");
    }
}
