using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Judges;

public class SessionConversationTests
{
    [Test]
    public void Build_TracesOutOfOrder_OrdersTurnsByRequestTimeAndReadsEachShape()
    {
        var turns = SessionConversation.Build(SessionFixtures.HotelSession());

        turns.Should().Equal(
            new ConversationTurn("user", "I need a hotel in Paris."),
            new ConversationTurn("assistant", "Hotel Lumière has rooms. For which dates?"),
            new ConversationTurn("user", "Two nights from Friday, please."),
            new ConversationTurn("assistant", "Booked Hotel Lumière for two nights from Friday."));
    }

    [Test]
    public void Build_StructuredInputsAndOutputs_UseTheirJsonText()
    {
        var trace = SessionFixtures.Trace("tr-1", "s", 0, JsonNode.Parse("""{"question": "Où?", "k": 2}"""), JsonNode.Parse("""{"answer": [1, true]}"""));

        SessionConversation.Build([trace]).Select(t => t.Content).Should().Equal(
            """{"question": "O\u00f9?", "k": 2}""", """{"answer": [1, true]}""");
    }

    [Test]
    public void Build_TraceWithoutOutputs_GivesOnlyItsUserTurn()
    {
        var trace = SessionFixtures.Trace("tr-1", "s", 0, "Hello?", null);

        SessionConversation.Build([trace]).Should().Equal(new ConversationTurn("user", "Hello?"));
    }

    [Test]
    public void Build_DifferentSessionIds_FailsNamingEachTrace()
    {
        var traces = new[]
        {
            SessionFixtures.Trace("tr-a", "s1", 0, "q", "a"),
            SessionFixtures.Trace("tr-b", "s2", 1, "q", "a"),
            SessionFixtures.Trace("tr-c", null, 2, "q", "a"),
        };

        var act = () => SessionConversation.Build(traces);

        act.Should().Throw<MlflowException>().WithMessage(
            "All traces of a session must carry the same `mlflow.trace.session` metadata; found tr-a: 's1', tr-b: 's2', tr-c: (none).");
    }

    [Test]
    public void Build_NoSessionIdAtAll_Fails()
    {
        var act = () => SessionConversation.Build([SessionFixtures.Trace("tr-a", null, 0, "q", "a")]);

        act.Should().Throw<MlflowException>().WithMessage("*found tr-a: (none).");
    }

    [Test]
    public void Build_Empty_Fails()
    {
        var act = () => SessionConversation.Build([]);

        act.Should().Throw<MlflowException>().WithMessage("A session needs at least one trace.");
    }
}
