using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Judges;

public class PromptJudgeTests
{
    private const string FormalityPrompt = """
        You will look at the response and determine the formality of the response.
        <request>{{request}}</request>
        <response>{{response}}</response>
        You must choose one of the following categories.
        [[formal]]: The response is very formal.
        [[semi_formal]]: The response is somewhat formal.
        [[not_formal]]: The response is not formal.
        """;

    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"question": "Hi there"}"""),
        Outputs = JsonValue.Create("Hey buddy!"),
    };

    private static PromptJudge Formality() => new("formality", FormalityPrompt)
    {
        NumericValues = new Dictionary<string, double> { ["formal"] = 1, ["semi_formal"] = 0.5, ["not_formal"] = 0 },
        Model = "openai:/judge",
    };

    [Test]
    public async Task RunAsync_NumericValues_GivesNumberAndKeepsTheLabel()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("semi_formal"));

        var feedback = (await endpoint.Runtime().RunAsync(Formality(), s_row)).Single();

        feedback.Name.Should().Be("formality");
        feedback.Value!.GetValue<double>().Should().Be(0.5);
        feedback.Metadata![JudgeMetadataKeys.StringValue].Should().Be("semi_formal");
        feedback.Source.Should().Be(AssessmentSource.FromLlmJudge("custom_prompt_judge_formality"));
        var prompt = endpoint.PromptOf(0);
        prompt.Should().StartWith("You will look at the response").And.Contain("<request>{'question': 'Hi there'}</request>")
            .And.Contain("<response>Hey buddy!</response>").And.Contain("formal: The response is very formal.")
            .And.NotContain("[[").And.Contain("one of: \"formal\", \"semi_formal\", \"not_formal\"");
        endpoint.Requests[0]["response_format"]!["json_schema"]!["schema"]!["properties"]!["result"]!["enum"]!.ToJsonString()
            .Should().Be("[\"formal\",\"semi_formal\",\"not_formal\"]");
    }

    [Test]
    public async Task RunAsync_NoNumericValues_GivesTheLabel()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("formal"));

        var feedback = (await endpoint.Runtime().RunAsync(new PromptJudge("formality", FormalityPrompt), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be("formal");
        feedback.Metadata![JudgeMetadataKeys.InputTokens].Should().Be("120");
    }

    [Test]
    public async Task RunAsync_ChoiceOutsideTheCategories_ReturnsErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("casual"));

        var feedback = (await endpoint.Runtime().RunAsync(Formality(), s_row)).Single();

        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorCode.Should().Be("MlflowException");
        feedback.Error.ErrorMessage.Should().Contain("'casual'").And.Contain("formal, semi_formal, not_formal");
        feedback.Source.SourceId.Should().Be("custom_prompt_judge_formality");
    }

    [Test]
    public async Task RunAsync_MissingVariable_ReturnsErrorFeedbackWithoutCallingTheModel()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("formal"));

        var feedback = (await endpoint.Runtime().RunAsync(Formality(), new ScorerContext { Outputs = "x" })).Single();

        feedback.Error!.ErrorMessage.Should().Contain("no value for: request");
        endpoint.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task RunAsync_EndpointFails_ReturnsErrorFeedback()
    {
        using var endpoint = new ScriptedJudgeEndpoint().Reply(ScriptedJudgeEndpoint.ChatPath, (401, "{}"));

        var feedback = (await endpoint.Runtime().RunAsync(Formality(), s_row)).Single();

        feedback.Error!.ErrorCode.Should().Be("HttpRequestException");
    }

    [Test]
    public async Task RunAsync_VariablesFromDictionaries_AreLookedUpByKey()
    {
        using var endpoint = new ScriptedJudgeEndpoint().ReplyWith(ScriptedJudgeEndpoint.Verdict("good"));
        var judge = new PromptJudge("q", "Q: {{ question }} A: {{answer}} E: {{ truth }} [[good]] or [[bad]]");
        var context = new ScorerContext
        {
            Inputs = JsonNode.Parse("""{"question": "Why?"}"""),
            Outputs = JsonNode.Parse("""{"answer": "Because."}"""),
            Expectations = new Dictionary<string, JsonNode?> { ["truth"] = "It is so." },
        };

        (await endpoint.Runtime().RunAsync(judge, context)).Single().Value!.GetValue<string>().Should().Be("good");
        endpoint.PromptOf(0).Should().StartWith("Q: Why? A: Because. E: It is so. good or bad");
    }
}
