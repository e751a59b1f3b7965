using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Judges;

public class SessionJudgeBehaviourTests
{
    [TestCase("none", "none")]
    [TestCase(" Resolved ", "resolved")]
    [TestCase("UNRESOLVED", "unresolved")]
    public async Task UserFrustration_KnownValue_IsKeptLowerCased(string answer, string expected)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict(answer));

        var feedback = (await endpoint.Runtime().RunAsync(new UserFrustration(), new ScorerContext { Session = SessionFixtures.HotelSession() })).Single();

        feedback.Value!.GetValue<string>().Should().Be(expected);
        feedback.Error.Should().BeNull();
        endpoint.Requests.Single()["response_format"]!["json_schema"]!["schema"]!["properties"]!["result"]!["enum"]!.ToJsonString()
            .Should().Be("""["none","resolved","unresolved"]""");
    }

    [TestCase("no")]
    [TestCase("frustrated")]
    public async Task UserFrustration_OtherValue_GivesErrorFeedbackOnTheFirstTrace(string answer)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict(answer));

        var feedback = (await endpoint.Runtime().RunAsync(new UserFrustration(), new ScorerContext { Session = SessionFixtures.HotelSession() })).Single();

        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorCode.Should().Be("INVALID_PARAMETER_VALUE");
        feedback.Error.ErrorMessage.Should().Be($"The judge answered '{answer}'; UserFrustration expects one of: none, resolved, unresolved.");
        feedback.TraceId.Should().Be("tr-first");
        feedback.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
    }

    [TestCase("Pass", "yes")]
    [TestCase("false", "no")]
    public async Task YesNoSessionJudge_NormalisesTheResult(string answer, string expected)
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict(answer));

        var feedback = (await endpoint.Runtime().RunAsync(new ConversationCompleteness(), new ScorerContext { Session = SessionFixtures.HotelSession() })).Single();

        feedback.Value!.GetValue<string>().Should().Be(expected);
    }

    [Test]
    public async Task RunAsync_NoSession_FailsSayingSo()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new KnowledgeRetention(), new ScorerContext { Inputs = "q", Outputs = "a" });

        await act.Should().ThrowAsync<MlflowException>().WithMessage(
            "KnowledgeRetention needs a session: pass ScorerContext.Session with the traces that share the `mlflow.trace.session` metadata.");
    }

    [Test]
    public async Task ScorerRunner_NoSession_GivesErrorFeedbackOnTheTrace()
    {
        var trace = SessionFixtures.HotelSession()[1];

        var feedback = (await new ScorerRunner(new JudgeRuntime(new JudgeRuntimeOptions())).RunAsync(new ConversationalSafety(), ScorerContext.FromTrace(trace))).Single();

        feedback.Error!.ErrorCode.Should().Be("SCORER_ERROR");
        feedback.Error.ErrorMessage.Should().StartWith("ConversationalSafety needs a session: pass ScorerContext.Session");
        (feedback.TraceId, feedback.SpanId).Should().Be(("tr-first", "root-tr-first"));
    }

    [Test]
    public async Task ScorerRunner_MixedSessionIds_GivesErrorFeedbackOnTheEarliestTrace()
    {
        var session = new[] { SessionFixtures.Trace("tr-late", "s1", 9, "q", "a"), SessionFixtures.Trace("tr-early", "s2", 1, "q", "a") };

        var feedback = (await new ScorerRunner(new JudgeRuntime(new JudgeRuntimeOptions())).RunAsync(new UserFrustration(), new ScorerContext { Session = session })).Single();

        feedback.Error!.ErrorMessage.Should().Be(
            "All traces of a session must carry the same `mlflow.trace.session` metadata; found tr-late: 's1', tr-early: 's2'.");
        (feedback.TraceId, feedback.SpanId).Should().Be(("tr-early", "root-tr-early"));
    }

    [Test]
    public async Task ConversationalToolCallEfficiency_SessionWithoutTools_Fails()
    {
        var session = new[] { SessionFixtures.Trace("tr-1", "s", 0, "q", "a") };

        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new ConversationalToolCallEfficiency(), new ScorerContext { Session = session });

        await act.Should().ThrowAsync<MlflowException>().WithMessage(
            "ConversationalToolCallEfficiency requires a session with at least one TOOL span; none was found.");
    }

    [Test]
    public async Task UnknownSessionLevelJudge_IsNotRun()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new FutureSessionJudge(), new ScorerContext { Session = SessionFixtures.HotelSession() });

        await act.Should().ThrowAsync<NotSupportedException>().WithMessage("FutureSessionJudge does not run in .NET yet.");
    }

    private sealed record FutureSessionJudge : BuiltInJudge
    {
        [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
        public FutureSessionJudge() => Name = "future_session";

        public override string BuiltInClassName => "FutureSessionJudge";

        public override IReadOnlyList<string> RequiredColumns => ["session"];

        public override bool IsSessionLevel => true;
    }
}
