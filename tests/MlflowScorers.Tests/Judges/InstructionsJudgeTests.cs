using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Judges;

public class InstructionsJudgeTests
{
    [Test]
    public async Task RunAsync_FieldBased_SendsSystemTaskAndUserFieldsAndKeepsTheResult()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("Pass"));
        var judge = new InstructionsJudge("polite", "Check that {{ outputs }} answers {{ inputs }} politely")
        {
            FeedbackValueType = FeedbackValueType.OneOf("Pass", "Fail"),
        };
        var context = new ScorerContext { Inputs = JsonNode.Parse("""{"question": "Où?"}"""), Outputs = JsonValue.Create("Here.") };

        var feedback = (await endpoint.Runtime().RunAsync(judge, context)).Single();

        var messages = endpoint.Requests.Single()["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).Should().Equal("system", "user");
        messages[0]!["content"]!.GetValue<string>().Should().Contain("Your task: Check that {{ outputs }} answers {{ inputs }} politely.\n")
            .And.Contain("{\n    \"result\": ");
        messages[1]!["content"]!.GetValue<string>().Should().Be("outputs: \"Here.\"\ninputs: {\n  \"question\": \"O\\u00f9?\"\n}");
        endpoint.Requests.Single()["response_format"]!["json_schema"]!["schema"]!["properties"]!["result"]!.ToJsonString()
            .Should().Be("{\"type\":\"string\",\"enum\":[\"Pass\",\"Fail\"]}");
        feedback.Value!.GetValue<string>().Should().Be("Pass");
        feedback.Name.Should().Be("polite");
    }

    [Test]
    public async Task RunAsync_Expectations_AreSentAsADictionary()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith("""{"rationale": "r", "result": 4}""");
        var judge = new InstructionsJudge("score", "Rate {{ outputs }} against {{ expectations }} from 1 to 5") { FeedbackValueType = FeedbackValueType.Integer };
        var context = new ScorerContext { Outputs = "x", Expectations = new Dictionary<string, JsonNode?> { ["expected_response"] = "y" } };

        var feedback = (await endpoint.Runtime().RunAsync(judge, context)).Single();

        endpoint.PromptOf(0).Should().EndWith("outputs: \"x\"\nexpectations: {\n  \"expected_response\": \"y\"\n}");
        feedback.Value!.GetValue<int>().Should().Be(4);
    }

    [Test]
    public async Task RunAsync_MissingField_NamesIt()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(
            new InstructionsJudge("j", "Compare {{ inputs }} and {{ expectations }}"), new ScorerContext { Outputs = "x" });

        await act.Should().ThrowAsync<MlflowException>()
            .WithMessage("Must specify 'inputs', 'expectations' - required by template variables in instructions.");
    }

    [Test]
    public async Task RunAsync_TraceBasedWithoutTrace_NamesTheMissingTrace()
    {
        var act = () => new JudgeRuntime(new JudgeRuntimeOptions()).RunAsync(new InstructionsJudge("j", "Inspect {{ trace }}"), new ScorerContext());

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Must specify 'trace' - required by template variables in instructions.");
    }
}
