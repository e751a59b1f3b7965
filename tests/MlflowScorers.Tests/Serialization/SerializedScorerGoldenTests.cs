using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>What we write equals what Python MLflow 3.6 writes (fixtures), except our own description and instructions texts.</summary>
public sealed class SerializedScorerGoldenTests
{
    private static readonly string[] s_keys36 =
    [
        "name", "aggregations", "description", "mlflow_version", "serialization_version", "builtin_scorer_class",
        "builtin_scorer_pydantic_data", "call_source", "call_signature", "original_func_name", "instructions_judge_pydantic_data",
    ];

    [Test]
    public void Serialize_Guidelines_EqualsThePython36Payload()
    {
        var ours = SerializedScorerCodec.Serialize(new Guidelines("The response must be polite.") { Name = "politeness" }, "politeness");

        JsonNode.DeepEquals(Comparable(ours), Comparable(FixturePayloads.RegisteredBy36Client("politeness"))).Should().BeTrue(
            "ours was {0}", ours);
    }

    [Test]
    public void Serialize_Safety_EqualsThePython36Payload()
    {
        var ours = SerializedScorerCodec.Serialize(new Safety(), "safety");

        JsonNode.DeepEquals(Comparable(ours), Comparable(FixturePayloads.RegisteredBy36Client("safety"))).Should().BeTrue(
            "ours was {0}", ours);
    }

    [Test]
    public void Serialize_WritesThe36KeySetInPythonOrder()
    {
        var python = JsonNode.Parse(FixturePayloads.RegisteredBy36Client("safety"))!.AsObject();
        var ours = JsonNode.Parse(SerializedScorerCodec.Serialize(new Safety(), "safety"))!.AsObject();

        python.Select(p => p.Key).Should().Equal(s_keys36);
        ours.Select(p => p.Key).Should().Equal(s_keys36);
        ours.Should().NotContainKey("is_session_level_scorer");
    }

    [Test]
    public void Serialize_BuiltIn_WritesRegisteredNameAndOurOwnTexts()
    {
        var python = JsonNode.Parse(FixturePayloads.RegisteredBy36Client("safety"))!;

        var ours = JsonNode.Parse(SerializedScorerCodec.Serialize(new Safety(), "safety_check"))!;

        ours["name"]!.GetValue<string>().Should().Be("safety_check");
        ours["builtin_scorer_pydantic_data"]!["name"]!.GetValue<string>().Should().Be("safety_check");
        ours["description"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace().And.NotBe(python["description"]!.GetValue<string>());
        ours["builtin_scorer_pydantic_data"]!["instructions"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace()
            .And.NotBe(python["builtin_scorer_pydantic_data"]!["instructions"]!.GetValue<string>());
        ours["mlflow_version"]!.GetValue<string>().Should().Be("3.6.0");
    }

    [Test]
    public void Serialize_FormatsTextLikePythonJsonDumps()
    {
        var scorer = new PythonFunctionScorer
        {
            Name = "ignored",
            Aggregations = [Aggregation.Mean],
            CallSource = "return \"caf\u00e9\" in outputs\n",
            CallSignature = "(outputs) -> bool",
            OriginalFunctionName = "cafe_check",
        };

        // Produced by Python 3: json.dumps({...}) of the same dictionary.
        const string python = """
            {"name": "cafe_check", "aggregations": ["mean"], "description": null, "mlflow_version": "3.6.0", "serialization_version": 1, "builtin_scorer_class": null, "builtin_scorer_pydantic_data": null, "call_source": "return \"caf\u00e9\" in outputs\n", "call_signature": "(outputs) -> bool", "original_func_name": "cafe_check", "instructions_judge_pydantic_data": null}
            """;

        SerializedScorerCodec.Serialize(scorer, "cafe_check").Should().Be(python);
    }

    [Test]
    public void Serialize_EscapesControlAndAstralCharactersLikePython()
    {
        var scorer = new Guidelines("tab\there \u007f \ud83d\ude00 back\\slash") { Name = "g" };

        var text = SerializedScorerCodec.Serialize(scorer, "g");

        // json.dumps("tab\there \x7f \U0001F600 back\\slash") in Python 3.
        text.Should().Contain("""["tab\there \u007f \ud83d\ude00 back\\slash"]""");
    }

    /// <summary>
    /// The payload without the parts that are ours by design (description, instructions, mlflow_version), with
    /// required_columns sorted: Python writes them from a set, in varying order (Errata 18).
    /// </summary>
    private static JsonObject Comparable(string payload)
    {
        var root = JsonNode.Parse(payload)!.AsObject();
        root.Remove("description");
        root.Remove("mlflow_version");
        var data = root["builtin_scorer_pydantic_data"]!.AsObject();
        data.Remove("description");
        data.Remove("instructions");
        var columns = data["required_columns"]!.AsArray().Select(c => (string)c!).Order().Select(c => (JsonNode?)c).ToArray();
        data["required_columns"] = new JsonArray(columns);
        return root;
    }
}
