using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Payloads that cannot be classified are kept as <see cref="UnrecognizedScorer"/> with their raw text; reading never throws.</summary>
public sealed class SerializedScorerUnrecognizedTests
{
    [TestCase("not json", "*not valid JSON*")]
    [TestCase("", "*not valid JSON*")]
    [TestCase("null", "*not a JSON object*")]
    [TestCase("[1, 2]", "*not a JSON object*")]
    [TestCase("{}", "*no scorer family*")]
    [TestCase("""{"name": "x", "call_source": null, "builtin_scorer_class": null}""", "*no scorer family*")]
    [TestCase("""{"builtin_scorer_class": "Safety", "call_source": "return 1"}""", "*several scorer families*builtin_scorer_class, call_source*")]
    [TestCase("""{"builtin_scorer_class": "MadeUpJudge", "builtin_scorer_pydantic_data": {}}""", "*unknown builtin scorer class 'MadeUpJudge'*")]
    [TestCase("""{"builtin_scorer_class": 7}""", "*expected a string, found 7*")]
    [TestCase("""{"builtin_scorer_class": "Guidelines", "builtin_scorer_pydantic_data": {"guidelines": ["a", null]}}""", "*expected a string, found null*")]
    [TestCase("""{"memory_augmented_judge_data": {"a": 1}}""", "*memory_augmented_judge_data is not supported*")]
    [TestCase("""{"builtin_scorer_class": "Guidelines", "builtin_scorer_pydantic_data": {"name": "g"}}""", "*no guidelines*")]
    [TestCase("""{"builtin_scorer_class": "Guidelines", "builtin_scorer_pydantic_data": {"guidelines": []}}""", "*Guidelines are required*")]
    [TestCase("""{"builtin_scorer_class": "Safety", "builtin_scorer_pydantic_data": {"model": "gpt-4"}}""", "*Malformed model uri 'gpt-4'*")]
    [TestCase("""{"aggregations": ["sum"], "builtin_scorer_class": "Safety"}""", "*Invalid aggregation 'sum'*")]
    [TestCase("""{"instructions_judge_pydantic_data": {"model": "openai:/gpt-4"}}""", "*instructions judge has no instructions*")]
    [TestCase("""{"instructions_judge_pydantic_data": {"instructions": "No variables here."}}""", "*at least one variable*")]
    [TestCase("""{"instructions_judge_pydantic_data": {"instructions": "{{ outputs }}", "feedback_value_type": {"type": "null"}}}""", "*unsupported feedback_value_type*")]
    [TestCase("""{"instructions_judge_pydantic_data": {"instructions": "{{ outputs }}", "feedback_value_type": {"type": "array"}}}""", "*no element type*")]
    [TestCase("""{"instructions_judge_pydantic_data": "text"}""", "*expected an object*")]
    [TestCase("""{"builtin_scorer_class": "ToolCallCorrectness", "builtin_scorer_pydantic_data": {"should_exact_match": "yes"}}""", "*expected true or false*")]
    public void Deserialize_Unclassifiable_KeepsRawPayloadAndReason(string payload, string reason)
    {
        var scorer = SerializedScorerCodec.Deserialize("stored", payload);

        var unrecognized = scorer.Should().BeOfType<UnrecognizedScorer>().Subject;
        unrecognized.Name.Should().Be("stored");
        unrecognized.RawPayload.Should().Be(payload);
        unrecognized.Reason.Should().Match(reason);
        unrecognized.Kind.Should().Be(ScorerKind.Unrecognized);
    }
}
