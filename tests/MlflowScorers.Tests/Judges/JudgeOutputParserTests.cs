using System.Text.Json.Nodes;
using MlflowScorers.Judges;

namespace MlflowScorers.Tests.Judges;

public class JudgeOutputParserTests
{
    [Test]
    public void Parse_PlainJson_ReadsResultAndStripsStepByStep()
    {
        var verdict = JudgeOutputParser.Parse("""{"rationale": "Let's think step by step. The answer is polite.", "result": "yes"}""");

        verdict.Result!.GetValue<string>().Should().Be("yes");
        verdict.Rationale.Should().Be("The answer is polite.");
    }

    [Test]
    public void Parse_CodeFence_IsDropped()
    {
        var verdict = JudgeOutputParser.Parse("  ```json\n{\"rationale\": \"ok\", \"result\": \"no\"}\n```\n");

        verdict.Result!.GetValue<string>().Should().Be("no");
        verdict.Rationale.Should().Be("ok");
    }

    [Test]
    public void Parse_ProseAroundTheObject_ReadsTheObject()
    {
        var verdict = JudgeOutputParser.Parse("Here is my assessment:\n{\"rationale\": \"fine\", \"result\": \"Pass\"}\nHope this helps.");

        verdict.Result!.GetValue<string>().Should().Be("Pass");
        JudgeOutputParser.NormalizeYesNo(verdict.Result).Should().Be("yes");
    }

    [Test]
    public void Parse_ErrorKey_FailsWithTheError()
    {
        var act = () => JudgeOutputParser.Parse("""{"error": "context too long"}""");

        act.Should().Throw<JudgeException>().Which.Message.Should().Be("Judge evaluation failed with error: context too long");
    }

    [Test]
    public void Parse_NotJson_FailsWithTheRawResponse()
    {
        var act = () => JudgeOutputParser.Parse("I think yes.");

        var error = act.Should().Throw<JudgeException>().Which;
        error.Message.Should().Be("Failed to parse response from judge model. Response: I think yes.");
        error.ErrorCode.Should().Be(MlflowErrorCode.BadRequest);
    }

    [Test]
    public void Parse_NoRationale_GivesEmptyRationale() =>
        JudgeOutputParser.Parse("""{"result": 4}""").Rationale.Should().BeEmpty();

    [TestCase("\"Yes\"", "yes")]
    [TestCase("\" PASSED \"", "yes")]
    [TestCase("true", "yes")]
    [TestCase("1", "yes")]
    [TestCase("1.0", "yes")]
    [TestCase("\"correct\"", "yes")]
    [TestCase("\"Fail\"", "no")]
    [TestCase("false", "no")]
    [TestCase("0", "no")]
    [TestCase("null", "no")]
    [TestCase("\"incorrect\"", "no")]
    [TestCase("\"maybe\"", "unknown")]
    public void NormalizeYesNo_Values_MapAsMlflowDoes(string json, string expected) =>
        JudgeOutputParser.NormalizeYesNo(JsonNode.Parse(json)).Should().Be(expected);
}
