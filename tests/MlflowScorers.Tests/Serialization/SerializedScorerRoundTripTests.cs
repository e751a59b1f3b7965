using System.Collections.Generic;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>What we write reads back as the same scorer, for every family we write.</summary>
public sealed class SerializedScorerRoundTripTests
{
    public static IEnumerable<BuiltInJudge> EveryBuiltInJudge() =>
    [
        new Completeness(), new ConversationCompleteness(), new ConversationalGuidelines("Stay on topic.", "Be kind."),
        new ConversationalRoleAdherence(), new ConversationalSafety(), new ConversationalToolCallEfficiency(), new Correctness(),
        new Equivalence(), new ExpectationsGuidelines(), new Fluency(), new Guidelines("Be polite.", "Cite sources."),
        new KnowledgeRetention(), new RelevanceToQuery(), new RetrievalGroundedness(), new RetrievalRelevance(),
        new RetrievalSufficiency(), new Safety(), new Summarization(),
        new ToolCallCorrectness { ShouldExactMatch = true, ShouldConsiderOrdering = true }, new ToolCallEfficiency(),
        new UserFrustration(),
    ];

    public static IEnumerable<FeedbackValueType> EveryFeedbackValueType() =>
    [
        FeedbackValueType.String, FeedbackValueType.Integer, FeedbackValueType.Number, FeedbackValueType.Boolean,
        FeedbackValueType.OneOf("good", "bad", "neutral"), FeedbackValueType.DictionaryOf(FeedbackValueType.Integer),
        FeedbackValueType.DictionaryOf(FeedbackValueType.OneOf("yes", "no")), FeedbackValueType.ListOf(FeedbackValueType.String),
        FeedbackValueType.ListOf(FeedbackValueType.Number),
    ];

    [TestCaseSource(nameof(EveryBuiltInJudge))]
    public void BuiltInJudge_RoundTripsWithAllItsFields(BuiltInJudge judge)
    {
        var original = judge with
        {
            Model = "gateway:/judge",
            Aggregations = [Aggregation.Mean, Aggregation.P90],
            Description = "Our description \u00e9.",
        };

        var read = SerializedScorerCodec.Deserialize("registered", SerializedScorerCodec.Serialize(original, "registered"));

        read.Should().BeOfType(judge.GetType());
        read.Should().BeEquivalentTo(original with { Name = "registered" }, o => o.RespectingRuntimeTypes());
    }

    [TestCaseSource(nameof(EveryBuiltInJudge))]
    public void BuiltInJudge_WithoutModelOrDescription_WritesNullModelAndOurDescription(BuiltInJudge judge)
    {
        var payload = JsonNode.Parse(SerializedScorerCodec.Serialize(judge, judge.Name))!;

        payload["builtin_scorer_class"]!.GetValue<string>().Should().Be(judge.BuiltInClassName);
        payload["builtin_scorer_pydantic_data"]!.AsObject().Should().ContainKey("model");
        payload["builtin_scorer_pydantic_data"]!["model"].Should().BeNull();
        payload["description"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        payload["builtin_scorer_pydantic_data"]!["instructions"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        SerializedScorerCodec.Deserialize(judge.Name, payload.ToJsonString()).Should().BeOfType(judge.GetType());
    }

    [TestCaseSource(nameof(EveryFeedbackValueType))]
    public void InstructionsJudge_RoundTripsEveryFeedbackValueType(FeedbackValueType type)
    {
        var judge = new InstructionsJudge("quality", "Does {{ outputs }} answer {{ inputs }}?")
        {
            Model = "openai:/gpt-4.1-mini",
            FeedbackValueType = type,
            Description = "Checks answers.",
        };

        var read = SerializedScorerCodec.Deserialize("quality", SerializedScorerCodec.Serialize(judge, "quality"));

        read.Should().BeEquivalentTo(judge with { Aggregations = [] });
    }

    [Test]
    public void InstructionsJudge_WithoutFeedbackValueType_ReadsBackAsString()
    {
        var judge = new InstructionsJudge("quality", "Is {{ outputs }} good?");

        var read = (InstructionsJudge)SerializedScorerCodec.Deserialize("quality", SerializedScorerCodec.Serialize(judge, "quality"));

        read.FeedbackValueType.Should().Be(FeedbackValueType.String);
        read.Model.Should().BeNull();
    }

    [Test]
    public void InstructionsJudge_WritesWhatMakeJudgeDumps()
    {
        var judge = new InstructionsJudge("basic_judge", "Check if {{ inputs }} is correct") { Model = "openai:/gpt-4" };

        var payload = JsonNode.Parse(SerializedScorerCodec.Serialize(judge, "basic_judge"))!.AsObject();
        payload.Remove("mlflow_version");

        // Spec §11 case 19 (test_model_dump_comprehensive).
        var expected = JsonNode.Parse("""
            {"name": "basic_judge", "aggregations": [], "description": null, "serialization_version": 1,
             "builtin_scorer_class": null, "builtin_scorer_pydantic_data": null, "call_source": null, "call_signature": null,
             "original_func_name": null,
             "instructions_judge_pydantic_data": {"instructions": "Check if {{ inputs }} is correct", "model": "openai:/gpt-4",
               "feedback_value_type": {"type": "string", "title": "Result"}}}
            """);
        JsonNode.DeepEquals(payload, expected).Should().BeTrue("ours was {0}", payload.ToJsonString());
    }

    [TestCase("integer", """{"type": "integer", "title": "Result"}""")]
    [TestCase("boolean", """{"type": "boolean", "title": "Result"}""")]
    [TestCase("literal", """{"type": "string", "enum": ["good", "bad", "neutral"], "title": "Result"}""")]
    [TestCase("dict", """{"type": "object", "additionalProperties": {"type": "integer"}, "title": "Result"}""")]
    [TestCase("list", """{"type": "array", "items": {"type": "string"}, "title": "Result"}""")]
    public void InstructionsJudge_WritesFeedbackValueTypeAsMakeJudgeDoes(string shape, string schema)
    {
        var type = shape switch
        {
            "integer" => FeedbackValueType.Integer,
            "boolean" => FeedbackValueType.Boolean,
            "literal" => FeedbackValueType.OneOf("good", "bad", "neutral"),
            "dict" => FeedbackValueType.DictionaryOf(FeedbackValueType.Integer),
            _ => FeedbackValueType.ListOf(FeedbackValueType.String),
        };
        var judge = new InstructionsJudge("j", "Rate {{ outputs }}") { FeedbackValueType = type };

        var written = JsonNode.Parse(SerializedScorerCodec.Serialize(judge, "j"))!["instructions_judge_pydantic_data"]!["feedback_value_type"];

        JsonNode.DeepEquals(written, JsonNode.Parse(schema)).Should().BeTrue("ours was {0}", written!.ToJsonString());
    }

    [Test]
    public void PythonFunctionScorer_RoundTrips()
    {
        var function = new PythonFunctionScorer
        {
            Name = "not_empty",
            Aggregations = [Aggregation.Mean],
            Description = "Non-empty output.",
            CallSource = "return outputs != \"\"",
            CallSignature = "(outputs) -> bool",
            OriginalFunctionName = "not_empty",
        };

        var read = SerializedScorerCodec.Deserialize("renamed", SerializedScorerCodec.Serialize(function, "renamed"));

        read.Should().BeEquivalentTo(function with { Name = "renamed" });
    }
}
