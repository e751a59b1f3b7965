using System.Linq;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Judges;

/// <summary>An instructions judge with <c>{{ conversation }}</c> runs as a session judge.</summary>
public class InstructionsJudgeConversationTests
{
    private static readonly InstructionsJudge s_judge = new("stayed_polite", "Was the assistant polite throughout {{ conversation }}?");

    [Test]
    public async Task RunAsync_Session_SendsTheConversationAndAttachesToTheFirstTrace()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));
        var session = SessionFixtures.HotelSession();

        var feedback = (await endpoint.Runtime().RunAsync(s_judge, new ScorerContext { Session = session })).Single();

        var user = endpoint.Requests.Single()["messages"]![1]!["content"]!.GetValue<string>();
        user.Should().StartWith("conversation: [").And.Contain("I need a hotel in Paris.").And.Contain("Booked Hotel Lumi");
        user.IndexOf("I need a hotel", System.StringComparison.Ordinal).Should().BeLessThan(user.IndexOf("Two nights", System.StringComparison.Ordinal));
        feedback.TraceId.Should().Be("tr-first");
        feedback.SpanId.Should().Be("root-tr-first");
        feedback.Value!.GetValue<string>().Should().Be("yes");
    }

    [Test]
    public async Task EvaluateSessionsAsync_ConversationJudge_RunsOncePerSession()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("yes"));
        var harness = new EvaluationHarness(new ScorerRunner(endpoint.Runtime()));

        var result = await harness.EvaluateSessionsAsync(SessionFixtures.HotelSession(), [s_judge]);

        endpoint.Requests.Should().ContainSingle();
        result.Rows.Single(r => r.Context.TraceId == "tr-first").Feedback.Should().ContainSingle();
        result.Rows.Single(r => r.Context.TraceId == "tr-second").Feedback.Should().BeEmpty();
    }

    [Test]
    public async Task RunAsync_NoSession_NamesTheMissingSession()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(s_judge, new ScorerContext { Inputs = "q" });

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Must specify 'session' - required by template variables in instructions.");
    }

    [Test]
    public void IsSessionLevel_FollowsTheConversationVariable()
    {
        s_judge.IsSessionLevel.Should().BeTrue();
        new InstructionsJudge("j", "Rate {{ outputs }}").IsSessionLevel.Should().BeFalse();
    }
}
