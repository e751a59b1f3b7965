using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Definitions of .NET-hosted scorers round-trip through the tag JSON.</summary>
public sealed class HostedDefinitionTests
{
    [Test]
    public void CodeScorer_RoundTripsWithoutItsDelegate()
    {
        var code = new CodeScorer
        {
            Name = "length",
            Evaluate = (_, _) => ValueTask.FromResult<object?>(1.0),
            Implementation = "MyApp.Scorers.LengthScorer",
            Aggregations = [Aggregation.Mean, Aggregation.P90],
            Description = "Counts characters.",
        };

        var definition = HostedScorerCodec.WriteDefinition(code, "length");
        var read = HostedScorerCodec.ReadDefinition("length", definition);

        JsonNode.Parse(definition)!["format"]!.GetValue<string>().Should().Be("mlflowscorers/1");
        JsonNode.Parse(definition)!["kind"]!.GetValue<string>().Should().Be("code");
        var back = read.Should().BeOfType<CodeScorer>().Subject;
        back.Evaluate.Should().BeNull();
        back.Should().BeEquivalentTo(code, o => o.Excluding(c => c.Evaluate));
    }

    [Test]
    public void CustomAggregation_IsStoredByNameButReadBackOnlyAsBuiltIns()
    {
        var code = new CodeScorer { Name = "c", Aggregations = [Aggregation.Max, Aggregation.Custom("p99", v => v[0])] };

        var definition = HostedScorerCodec.WriteDefinition(code, "c");

        JsonNode.Parse(definition)!["aggregations"]!.ToJsonString().Should().Be("""["max","p99"]""");
        HostedScorerCodec.ReadDefinition("c", definition).Aggregations.Should().Equal(Aggregation.Max);
    }

    [Test]
    public void PromptJudge_RoundTripsTemplateNumbersAndModel()
    {
        var prompt = new PromptJudge("tone", "Is {{ outputs }} [[formal]] or [[casual]]? Don't say <maybe>.")
        {
            NumericValues = new Dictionary<string, double> { ["formal"] = 1.0, ["casual"] = 0.25 },
            Model = "openai:/gpt-4.1-mini",
            Description = "Tone \u00e9.",
        };

        var definition = HostedScorerCodec.WriteDefinition(prompt, "tone");
        var read = HostedScorerCodec.ReadDefinition("tone", definition);

        definition.Should().Contain("Don't say <maybe>", "tags are not HTML, so nothing more than JSON needs is escaped");
        read.Should().BeOfType<PromptJudge>().Which.Should().BeEquivalentTo(prompt);
    }

    [Test]
    public void PromptJudge_WithoutNumbersOrModel_RoundTrips()
    {
        var prompt = new PromptJudge("tone", "[[a]] or [[b]]: {{ outputs }}");

        var read = HostedScorerCodec.ReadDefinition("tone", HostedScorerCodec.WriteDefinition(prompt, "tone"));

        read.Should().BeEquivalentTo(prompt);
    }

    public static IEnumerable<JudgeScorer> HostedJudges() =>
    [
        new Guidelines("Be polite.") { Host = ScorerHost.DotNet, Model = "openai:/gpt-4.1-mini" },
        new ToolCallCorrectness { Host = ScorerHost.DotNet, ShouldConsiderOrdering = true, Aggregations = [Aggregation.Mean] },
        new Safety { Host = ScorerHost.DotNet, Description = "Ours." },
        new InstructionsJudge("rate", "Rate {{ outputs }} from 1 to 5.")
        {
            Host = ScorerHost.DotNet,
            FeedbackValueType = FeedbackValueType.Integer,
            Aggregations = [Aggregation.Median],
        },
    ];

    [TestCaseSource(nameof(HostedJudges))]
    public void HostedJudge_EmbedsItsPayloadAndComesBackHostedInDotNet(JudgeScorer judge)
    {
        var definition = HostedScorerCodec.WriteDefinition(judge, "hosted");

        var payload = JsonNode.Parse(definition)!["serialized_scorer"]!.ToJsonString();
        SerializedScorerCodec.Deserialize("hosted", payload).Should().BeOfType(judge.GetType());
        var read = HostedScorerCodec.ReadDefinition("hosted", definition);
        read.Host.Should().Be(ScorerHost.DotNet);
        read.Should().BeEquivalentTo(judge with { Name = "hosted" }, o => o.RespectingRuntimeTypes());
    }

    [Test]
    public void ServerHostedJudge_IsRefused()
    {
        var act = () => HostedScorerCodec.WriteDefinition(new Safety(), "safety");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'safety' is not hosted in .NET (Host is Server)*experiment tags*");
    }

    [Test]
    public void UnrecognizedOrPythonScorer_IsRefused()
    {
        var unrecognized = () => HostedScorerCodec.WriteDefinition(new UnrecognizedScorer { Name = "odd" }, "odd");
        var python = () => HostedScorerCodec.WriteDefinition(new PythonFunctionScorer { Name = "py", CallSource = "return 1" }, "py");

        unrecognized.Should().Throw<ArgumentException>().WithMessage("Scorer 'odd' (Unrecognized) cannot be hosted in .NET*");
        python.Should().Throw<ArgumentException>().WithMessage("Scorer 'py' (PythonFunction) cannot be hosted in .NET*");
    }

    [TestCase("not json", "*not valid JSON*")]
    [TestCase("""{"kind": "code"}""", "*no \"format\": \"mlflowscorers/1\" marker*")]
    [TestCase("""{"format": "mlflowscorers/2", "kind": "code"}""", "*marker*")]
    [TestCase("""{"format": "mlflowscorers/1", "kind": "shell"}""", "*unknown kind 'shell'*")]
    [TestCase("""{"format": "mlflowscorers/1", "kind": "judge"}""", "*no serialized_scorer*")]
    [TestCase("""{"format": "mlflowscorers/1", "kind": "judge", "serialized_scorer": {}}""", "*serialized_scorer is not recognised*no scorer family*")]
    [TestCase("""{"format": "mlflowscorers/1", "kind": "prompt", "prompt_template": "no choices"}""", "*must include choices*")]
    [TestCase("""{"format": "mlflowscorers/1", "kind": "prompt", "prompt_template": "[[a]]", "numeric_values": {"a": "x"}}""", "*numeric value of 'a' is not a number*")]
    public void ReadDefinition_Unreadable_ReturnsUnrecognizedWithTheText(string definition, string reason)
    {
        var read = HostedScorerCodec.ReadDefinition("stored", definition).Should().BeOfType<UnrecognizedScorer>().Subject;

        read.Name.Should().Be("stored");
        read.RawPayload.Should().Be(definition);
        read.Reason.Should().Match(reason);
    }
}
