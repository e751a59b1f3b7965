using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Payloads of other shapes than ours (older, newer, hand-made) still read as their scorer.</summary>
public sealed class SerializedScorerPermissiveReadTests
{
    [Test]
    public void Deserialize_OldGuidelinesWithoutDescriptionOrInstructionsKey_ReadsGuidelines()
    {
        // Spec §11 case 20 (test_builtin_scorer_with_custom_name_compatibility).
        const string payload = """
            {"name": "custom_guidelines", "aggregations": ["mean", "max"], "mlflow_version": "3.1.0", "serialization_version": 1, "builtin_scorer_class": "Guidelines", "builtin_scorer_pydantic_data": {"name": "custom_guidelines", "aggregations": ["mean", "max"], "required_columns": ["inputs", "outputs"], "guidelines": ["Be polite and professional", "Provide accurate information"]}, "call_source": null, "call_signature": null, "original_func_name": null}
            """;

        var guidelines = SerializedScorerCodec.Deserialize("custom_guidelines", payload).Should().BeOfType<Guidelines>().Subject;

        guidelines.Rules.Should().Equal("Be polite and professional", "Provide accurate information");
        guidelines.Aggregations.Should().Equal(Aggregation.Mean, Aggregation.Max);
        guidelines.Description.Should().BeNull();
        guidelines.Model.Should().BeNull();
    }

    [Test]
    public void Deserialize_OldDecoratorPayload_ReadsPythonFunction()
    {
        const string payload = """
            {"name": "word_count_scorer", "aggregations": ["mean"], "mlflow_version": "3.1.0", "serialization_version": 1, "builtin_scorer_class": null, "builtin_scorer_pydantic_data": null, "call_source": "return len(outputs.split())", "call_signature": "(outputs)", "original_func_name": "word_count_scorer"}
            """;

        var function = SerializedScorerCodec.Deserialize("word_count_scorer", payload).Should().BeOfType<PythonFunctionScorer>().Subject;

        function.CallSource.Should().Be("return len(outputs.split())");
        function.CallSignature.Should().Be("(outputs)");
        function.Aggregations.Should().Equal(Aggregation.Mean);
    }

    [Test]
    public void Deserialize_GuidelinesAsOneString_ReadsOneRule()
    {
        const string payload = """{"builtin_scorer_class": "Guidelines", "builtin_scorer_pydantic_data": {"guidelines": "Be brief."}}""";

        SerializedScorerCodec.Deserialize("brief", payload).Should().BeOfType<Guidelines>().Which.Rules.Should().Equal("Be brief.");
    }

    [Test]
    public void Deserialize_BuiltInDataWithOnlyName_ReadsTheClass()
    {
        const string payload = """{"name": "s", "builtin_scorer_class": "Safety", "builtin_scorer_pydantic_data": {"name": "s"}}""";

        SerializedScorerCodec.Deserialize("s", payload).Should().BeOfType<Safety>().Which.Model.Should().BeNull();
    }

    [Test]
    public void Deserialize_UnknownKeysAndSetModel_AreReadAndIgnored()
    {
        const string payload = """
            {"name": "x", "future_key": {"a": 1}, "is_session_level_scorer": false, "builtin_scorer_class": "ToolCallCorrectness",
             "builtin_scorer_pydantic_data": {"should_exact_match": true, "inference_params": null, "extra": [1, 2], "model": "databricks"},
             "memory_augmented_judge_data": null, "third_party_scorer_data": null}
            """;

        var judge = SerializedScorerCodec.Deserialize("tools", payload).Should().BeOfType<ToolCallCorrectness>().Subject;

        judge.ShouldExactMatch.Should().BeTrue();
        judge.ShouldConsiderOrdering.Should().BeFalse();
        judge.Model.Should().Be("databricks");
    }

    [Test]
    public void Deserialize_RegisteredNameWinsOverPayloadNames()
    {
        const string payload = """{"name": "old", "builtin_scorer_class": "Safety", "builtin_scorer_pydantic_data": {"name": "older"}}""";

        SerializedScorerCodec.Deserialize("current", payload).Name.Should().Be("current");
    }

    [Test]
    public void Deserialize_InstructionsJudgeWithoutFeedbackValueTypeOrModel_ReadsFreeText()
    {
        const string payload = """{"aggregations": [], "instructions_judge_pydantic_data": {"instructions": "Is {{ outputs }} kind?"}}""";

        var judge = SerializedScorerCodec.Deserialize("kind", payload).Should().BeOfType<InstructionsJudge>().Subject;

        judge.Instructions.Should().Be("Is {{ outputs }} kind?");
        judge.Model.Should().BeNull();
        judge.FeedbackValueType.Should().Be(FeedbackValueType.String);
    }
}
