using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Every payload a real MLflow 3.6 or 3.11 Python client wrote reads back as the scorer it describes.</summary>
public sealed class SerializedScorerFixtureTests
{
    private static IEnumerable<TestCaseData> Payloads() => FixturePayloads.All();

    [Test]
    public void Fixtures_HoldEveryFamilyWeRead()
    {
        var payloads = Payloads().Select(c => JsonNode.Parse((string)c.Arguments[1]!)!).ToList();

        payloads.Should().HaveCountGreaterThan(40);
        payloads.Should().Contain(p => (string?)p["builtin_scorer_class"] == "Guidelines")
            .And.Contain(p => (string?)p["builtin_scorer_class"] == "Safety")
            .And.Contain(p => p["call_source"] != null)
            .And.Contain(p => p["instructions_judge_pydantic_data"] != null);
    }

    [TestCaseSource(nameof(Payloads))]
    public void Deserialize_FixturePayload_ReadsItsFamilyAndFields(string name, string payload)
    {
        var raw = JsonNode.Parse(payload)!.AsObject();

        var scorer = SerializedScorerCodec.Deserialize(name, payload);

        scorer.Name.Should().Be(name);
        scorer.Description.Should().Be((string?)raw["description"]);
        if ((string?)raw["builtin_scorer_class"] is { } className)
        {
            var judge = scorer.Should().BeAssignableTo<BuiltInJudge>().Subject;
            var data = raw["builtin_scorer_pydantic_data"]!;
            judge.BuiltInClassName.Should().Be(className);
            judge.Model.Should().Be((string?)data["model"]);
            judge.Aggregations.Should().BeNull();
            if (judge is Guidelines guidelines)
            {
                guidelines.Rules.Should().Equal(data["guidelines"]!.AsArray().Select(g => (string)g!));
            }
        }
        else if (raw["instructions_judge_pydantic_data"] is { } data)
        {
            var judge = scorer.Should().BeOfType<InstructionsJudge>().Subject;
            judge.Instructions.Should().Be((string?)data["instructions"]);
            judge.Model.Should().Be((string?)data["model"]);
            judge.FeedbackValueType.Should().Be(FeedbackValueType.String);
            judge.Aggregations.Should().BeEmpty();
        }
        else
        {
            var function = scorer.Should().BeOfType<PythonFunctionScorer>().Subject;
            function.CallSource.Should().Be((string?)raw["call_source"]);
            function.CallSignature.Should().Be((string?)raw["call_signature"]);
            function.OriginalFunctionName.Should().Be((string?)raw["original_func_name"]);
        }
    }
}
