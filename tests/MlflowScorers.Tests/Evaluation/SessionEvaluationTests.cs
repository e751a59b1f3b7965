using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Judges;

namespace MlflowScorers.Tests.Evaluation;

public class SessionEvaluationTests
{
    [Test]
    public async Task EvaluateSessionsAsync_TwoSessions_RunsSessionJudgesOncePerSessionOnItsFirstTrace()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("resolved"));
        var hotel = SessionFixtures.HotelSession("s-hotel");
        var traces = new[]
        {
            hotel[0],
            SessionFixtures.Trace("tr-other", "s-other", 3, "Is breakfast included?", "Yes."),
            SessionFixtures.Trace("tr-loose", null, 4, "Hi", "Hello."),
            hotel[1],
        };
        var hasOutput = CodeScorer.FromOutputs("has_output", o => o is not null);
        var harness = new EvaluationHarness(new ScorerRunner(endpoint.Runtime()));

        var result = await harness.EvaluateSessionsAsync(traces, [hasOutput, new UserFrustration()]);

        result.Rows.Select(r => r.Context.TraceId).Should().Equal("tr-second", "tr-other", "tr-loose", "tr-first");
        result.Rows.Select(r => r.Feedback.Select(f => f.Name).ToArray()).Should().BeEquivalentTo(
            new[] { new[] { "has_output" }, ["has_output", "user_frustration"], ["has_output"], ["has_output", "user_frustration"] },
            o => o.WithStrictOrdering());
        result.Rows.SelectMany(r => r.Feedback).Select(f => (f.Name, f.TraceId, f.SpanId)).Should().BeEquivalentTo(new[]
        {
            ("has_output", "tr-second", "root-tr-second"),
            ("has_output", "tr-other", "root-tr-other"),
            ("user_frustration", "tr-other", "root-tr-other"),
            ("has_output", "tr-loose", "root-tr-loose"),
            ("has_output", "tr-first", "root-tr-first"),
            ("user_frustration", "tr-first", "root-tr-first"),
        }, o => o.WithStrictOrdering());
        endpoint.Requests.Should().HaveCount(2);
        endpoint.Requests.Select(r => r.ToJsonString()).Should().ContainSingle(r => r.Contains("I need a hotel in Paris.") && r.Contains("Two nights from Friday"));
        result.Rows[0].Context.Session.Should().Equal(hotel[1], hotel[0]);
        result.Metrics.Should().Equal(new Dictionary<string, double> { ["has_output/mean"] = 1 });
    }
}
