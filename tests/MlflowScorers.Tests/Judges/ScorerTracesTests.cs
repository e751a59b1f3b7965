using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Judges;

/// <summary>
/// Scorer traces in the core, without OpenTelemetry: with <see cref="JudgeRuntimeOptions.RecordScorerTraces"/> on, each run of
/// a <see cref="ScorerRunner"/> is a new root span named after the scorer, with a span for each model and tool call, and the
/// feedback names the trace.
/// </summary>
[NonParallelizable]
public sealed class ScorerTracesTests
{
    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"question": "What is MLflow?"}"""),
        Outputs = JsonValue.Create("MLflow is a platform."),
        TraceId = "tr-0123",
    };

    private ActivityListener _listener = null!;
    private ConcurrentQueue<Activity> _stopped = null!;

    [SetUp]
    public void Listen()
    {
        var stopped = new ConcurrentQueue<Activity>();
        _stopped = stopped;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ScorerTraces.ActivitySourceName || s.Name == "MlflowScorers.Tests.Ambient",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    [Test]
    public async Task RunAsync_TracingOn_RecordsTheScorerAsRootWithTheModelCallAsChild_AndTheFeedbackNamesTheTrace()
    {
        var runner = Runner(RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes", "It answers the question.")));

        var feedback = (await runner.RunAsync(new RelevanceToQuery { Model = "openai:/gpt-4o" }, s_row)).Single();

        var spans = SpansOf(feedback);
        var root = spans.Should().ContainSingle(s => s.ParentSpanId == default).Subject;
        root.DisplayName.Should().Be("relevance_to_query");
        root.GetTagItem("mlflow.spanType").Should().Be("EVALUATOR");
        var inputs = JsonNode.Parse((string)root.GetTagItem("mlflow.spanInputs")!)!;
        inputs["inputs"]!["question"]!.GetValue<string>().Should().Be("What is MLflow?");
        inputs["outputs"]!.GetValue<string>().Should().Be("MLflow is a platform.");
        inputs["trace_id"]!.GetValue<string>().Should().Be("tr-0123");
        var outputs = JsonNode.Parse((string)root.GetTagItem("mlflow.spanOutputs")!)!;
        outputs["value"]!.GetValue<string>().Should().Be("yes");
        outputs["rationale"]!.GetValue<string>().Should().Be("It answers the question.");
        root.Status.Should().Be(ActivityStatusCode.Unset);

        var chat = spans.Should().ContainSingle(s => s.ParentSpanId == root.SpanId).Subject;
        chat.DisplayName.Should().Be("chat gpt-4o");
        chat.GetTagItem("mlflow.spanType").Should().Be("CHAT_MODEL");
        JsonNode.Parse((string)chat.GetTagItem("mlflow.spanInputs")!)!["messages"]![0]!["content"]!.GetValue<string>()
            .Should().Contain("What is MLflow?", "the rendered prompt the model saw");
        JsonNode.Parse((string)chat.GetTagItem("mlflow.spanOutputs")!)!["choices"]![0]!["message"]!["content"]!.GetValue<string>()
            .Should().Contain("It answers the question.");
        chat.GetTagItem("gen_ai.usage.input_tokens").Should().Be(11L);
        chat.GetTagItem("gen_ai.usage.output_tokens").Should().Be(7L);
        feedback.Metadata![JudgeMetadataKeys.InputTokens].Should().Be("11", "the judge's own metadata is kept");
    }

    [Test]
    public async Task RunAsync_TracingOffByDefault_RecordsNothing_AndTheFeedbackNamesNoTrace()
    {
        var client = RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes"));
        var runner = new ScorerRunner(new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client }));

        var feedback = (await runner.RunAsync(new Safety(), s_row)).Single();

        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Metadata.Should().NotContainKey(ScorerTraces.TraceIdMetadataKey);
        _stopped.Where(a => a.Source.Name == ScorerTraces.ActivitySourceName).Should().BeEmpty();
    }

    [Test]
    public async Task RunAsync_JudgeFails_EndsItsTraceWithError_AndTheErrorFeedbackNamesTheTrace()
    {
        var runner = Runner(new RecordingChatClient((_, _, _) =>
            throw new HttpRequestException("The judge endpoint answered 503.", null, HttpStatusCode.ServiceUnavailable)), maxRetries: 0);

        var feedback = (await runner.RunAsync(new Safety(), s_row)).Single();

        feedback.Error!.ErrorCode.Should().Be(AssessmentError.ScorerErrorCode);
        var spans = SpansOf(feedback);
        var root = spans.Single(s => s.ParentSpanId == default);
        root.Status.Should().Be(ActivityStatusCode.Error);
        root.StatusDescription.Should().Contain("503");
        JsonNode.Parse((string)root.GetTagItem("mlflow.spanOutputs")!)!["error"]!["error_code"]!.GetValue<string>().Should().Be("SCORER_ERROR");
        spans.Single(s => s.ParentSpanId == root.SpanId).Status.Should().Be(ActivityStatusCode.Error, "the failed model call");
    }

    [Test]
    public async Task RunAsync_UnderAnAmbientSpan_StartsANewTrace_AndPutsTheAmbientSpanBack()
    {
        using var ambientSource = new ActivitySource("MlflowScorers.Tests.Ambient");
        var runner = Runner(RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes")));
        using var ambient = ambientSource.StartActivity("monitor batch")!;

        var feedback = (await runner.RunAsync(new Safety(), s_row)).Single();

        Activity.Current.Should().BeSameAs(ambient);
        var root = SpansOf(feedback).Single(s => s.ParentSpanId == default);
        root.TraceId.Should().NotBe(ambient.TraceId);
        root.Parent.Should().BeNull();
    }

    [Test]
    public async Task RunAsync_TraceReadingJudge_RecordsEachToolCallAsAToolSpan()
    {
        var turn = 0;
        var client = new RecordingChatClient((_, _, _) => Task.FromResult(++turn == 1
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [
                new FunctionCallContent("f1", "get_span", new Dictionary<string, object?> { ["span_id"] = "0000000000000002" }),
                new FunctionCallContent("f2", "get_trace_info")]))
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, ScriptedJudgeEndpoint.Verdict("yes")))));
        var judge = new InstructionsJudge("clock", "Decide from {{ trace }} whether the agent checked the time");

        var feedback = (await Runner(client).RunAsync(judge, ScorerContext.FromTrace(TraceFixtures.AgentTrace311()))).Single();

        var spans = SpansOf(feedback);
        var root = spans.Single(s => s.ParentSpanId == default);
        root.DisplayName.Should().Be("clock");
        var steps = spans.Where(s => s.ParentSpanId == root.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        steps.Select(s => (string)s.GetTagItem("mlflow.spanType")!).Should().Equal("CHAT_MODEL", "TOOL", "TOOL", "CHAT_MODEL");
        steps.Where(s => (string)s.GetTagItem("mlflow.spanType")! == "TOOL").Select(s => s.DisplayName).Should().Equal("get_span", "get_trace_info");
        var getSpan = steps.Single(s => s.DisplayName == "get_span");
        JsonNode.Parse((string)getSpan.GetTagItem("mlflow.spanInputs")!)!["span_id"]!.GetValue<string>().Should().Be("0000000000000002");
        JsonNode.Parse((string)getSpan.GetTagItem("mlflow.spanOutputs")!)!.GetValue<string>().Should().Contain("get_time");
    }

    [Test]
    public async Task RunAsync_CodeScorerOnARunnerWithTracingOn_IsRecordedToo()
    {
        var runner = Runner(RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes")));
        var length = CodeScorer.FromOutputs("answer_length", outputs => outputs!.GetValue<string>().Length);

        var feedback = (await runner.RunAsync(length, s_row)).Single();

        var root = SpansOf(feedback).Should().ContainSingle().Subject;
        root.DisplayName.Should().Be("answer_length");
        JsonNode.Parse((string)root.GetTagItem("mlflow.spanOutputs")!)!["value"]!.GetValue<int>().Should().Be(21);
    }

    private static ScorerRunner Runner(IChatClient client, int maxRetries = 3) =>
        new(new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client, RecordScorerTraces = true, MaxRetries = maxRetries }));

    /// <summary>The spans of the trace the feedback names; the id is <c>tr-</c> and the 32-hex trace id of its root.</summary>
    private List<Activity> SpansOf(Feedback feedback)
    {
        var id = feedback.Metadata.Should().ContainKey(ScorerTraces.TraceIdMetadataKey).WhoseValue;
        id.Should().MatchRegex("^tr-[0-9a-f]{32}$");
        var spans = _stopped.Where(a => "tr-" + a.TraceId.ToHexString() == id).ToList();
        spans.Should().NotBeEmpty().And.OnlyContain(a => a.Source.Name == ScorerTraces.ActivitySourceName);
        return spans;
    }
}
