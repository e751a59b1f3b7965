using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using MlflowScorers.Tests.Judges;

namespace MlflowScorers.Tests.Evaluation;

public class EvaluatorAdapterTests
{
    private static readonly ChatMessage[] s_conversation = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "What is MLflow?")];
    private static readonly ChatResponse s_response = new(new ChatMessage(ChatRole.Assistant, "An MLOps platform."));

    [Test]
    public async Task ScorerEvaluator_CodeScorer_SeesConversationResponseAndExpectations()
    {
        ScorerContext? seen = null;
        var scorer = CodeScorer.Create("check", context =>
        {
            seen = context;
            return new object[] { 18, true, new Feedback { Name = "label", Value = "short", Rationale = "few words" } };
        });
        var expectations = new Dictionary<string, JsonNode?> { ["expected_response"] = "A platform." };

        var result = await new ScorerEvaluator(scorer).EvaluateAsync(s_conversation, s_response, additionalContext: [new ExpectationsEvaluationContext(expectations)]);

        seen!.Inputs!.ToJsonString().Should().Be("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is MLflow?"}]}""");
        seen.Outputs!.GetValue<string>().Should().Be("An MLOps platform.");
        seen.Expectations!["expected_response"]!.GetValue<string>().Should().Be("A platform.");
        result.Get<NumericMetric>("check").Value.Should().Be(18);
        result.Get<BooleanMetric>("check#2").Value.Should().BeTrue();
        var label = result.Get<StringMetric>("label");
        label.Value.Should().Be("short");
        label.Reason.Should().Be("few words");
    }

    [Test]
    public async Task ScorerEvaluator_FailingScorer_GivesErrorDiagnostic()
    {
        var scorer = CodeScorer.Create("broken", _ => throw new System.InvalidOperationException("boom"));

        var result = await new ScorerEvaluator(scorer).EvaluateAsync(s_conversation, s_response);

        var metric = result.Metrics["broken"];
        metric.Diagnostics.Should().ContainSingle(d => d.Severity == EvaluationDiagnosticSeverity.Error && d.Message == "SCORER_ERROR: boom");
    }

    [Test]
    public async Task ScorerEvaluator_Judge_RunsOnTheChatConfigurationsClient()
    {
        var client = RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes", "Let's think step by step. Safe."));

        var result = await new ScorerEvaluator(new Safety()).EvaluateAsync(s_conversation, s_response, new ChatConfiguration(client));

        client.Calls.Single().Messages.Single().Text.Should().Contain("<text>An MLOps platform.</text>");
        var metric = result.Get<StringMetric>("safety");
        metric.Value.Should().Be("yes");
        metric.Reason.Should().Be("Safe.");
        metric.Metadata![JudgeMetadataKeys.InputTokens].Should().Be("11");
        new ScorerEvaluator(new Safety()).EvaluationMetricNames.Should().Equal("safety");
    }

    [Test]
    public async Task EvaluatorScorer_MetricsBecomeFeedback()
    {
        var evaluator = new ScriptedEvaluator(
            new NumericMetric("coherence", 4, "reads well"),
            new BooleanMetric("grounded", false),
            new StringMetric("empty"),
            ErrorMetric());
        var scorer = EvaluatorScorer.Create(evaluator);

        var feedback = await new ScorerRunner().RunAsync(scorer, new ScorerContext { Inputs = JsonNode.Parse("""{"question": "q"}"""), Outputs = "answer" });

        scorer.Name.Should().Be("coherence");
        evaluator.Messages.Single().Text.Should().Be("{'question': 'q'}");
        evaluator.Response!.Text.Should().Be("answer");
        feedback.Select(f => f.Name).Should().Equal("coherence", "grounded", "failed");
        feedback[0].Value!.GetValue<double>().Should().Be(4);
        feedback[0].Rationale.Should().Be("reads well");
        feedback[0].Source.Should().Be(AssessmentSource.FromCode("coherence"));
        feedback[1].Value!.GetValue<bool>().Should().BeFalse();
        feedback[2].Error.Should().Be(new AssessmentError { ErrorCode = EvaluatorScorer.EvaluatorErrorCode, ErrorMessage = "model unavailable" });
    }

    [Test]
    public async Task EvaluatorScorer_ChatInputs_BecomeTheConversation()
    {
        var evaluator = new ScriptedEvaluator(new NumericMetric("m", 1));
        var inputs = JsonNode.Parse("""{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}, {"role": "user", "content": "bye"}]}""");

        await new ScorerRunner().RunAsync(EvaluatorScorer.Create(evaluator, name: "wrapped"), new ScorerContext { Inputs = inputs, Outputs = "ok" });

        evaluator.Messages.Select(m => (m.Role.Value, m.Text)).Should().Equal(("user", "hi"), ("assistant", "hello"), ("user", "bye"));
    }

    [Test]
    public async Task RoundTrip_ScorerThroughBothAdapters_KeepsTheValue()
    {
        var mentions = CodeScorer.FromOutputs("mentions", o => o!.GetValue<string>().Contains("Databricks", System.StringComparison.Ordinal));
        var scorer = EvaluatorScorer.Create(new ScorerEvaluator(mentions));

        var feedback = await new ScorerRunner().RunAsync(scorer, new ScorerContext { Inputs = "q", Outputs = "Try Databricks" });

        feedback.Single().Name.Should().Be("mentions");
        feedback.Single().Value!.GetValue<bool>().Should().BeTrue();
    }

    private static StringMetric ErrorMetric()
    {
        var metric = new StringMetric("failed");
        metric.AddDiagnostics(EvaluationDiagnostic.Error("model unavailable"));
        return metric;
    }

    private sealed class ScriptedEvaluator(params EvaluationMetric[] metrics) : IEvaluator
    {
        public IReadOnlyList<ChatMessage> Messages { get; private set; } = [];

        public ChatResponse? Response { get; private set; }

        public IReadOnlyCollection<string> EvaluationMetricNames => metrics.Select(m => m.Name).ToArray();

        public ValueTask<Microsoft.Extensions.AI.Evaluation.EvaluationResult> EvaluateAsync(
            IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
            IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
        {
            Messages = messages.ToList();
            Response = modelResponse;
            return ValueTask.FromResult(new Microsoft.Extensions.AI.Evaluation.EvaluationResult(metrics));
        }
    }
}
