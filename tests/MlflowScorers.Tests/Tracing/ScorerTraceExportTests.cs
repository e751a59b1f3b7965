using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Tests.Judges;
using MlflowScorers.Tests.Support;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// Scorer traces through <c>AddMlflowTracing</c>: a judge run with <see cref="JudgeRuntimeOptions.RecordScorerTraces"/> on
/// leaves its own trace in the tracing experiment, tagged <c>mlflow.trace.sourceScorer</c>, on the local store and on a fake
/// MLflow server, and the feedback names it.
/// </summary>
[NonParallelizable]
public sealed class ScorerTraceExportTests
{
    private static readonly ScorerContext s_row = new()
    {
        Inputs = JsonNode.Parse("""{"question": "What is MLflow?"}"""),
        Outputs = JsonValue.Create("MLflow is a platform."),
    };

    [Test]
    public async Task LocalStore_JudgeRuns_LeaveTaggedScorerTraces_WithTheModelCallAsChild_AndAFailedOneInStateError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-scorer-traces-{Guid.NewGuid():N}.db");
        try
        {
            var uri = "sqlite:///" + file;
            await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = uri, ReadEnvironment = false });
            var experimentId = await client.CreateExperimentAsync("judged");
            Feedback passed, failed;
            using (var provider = MlflowTracing.CreateTracerProvider(o => Configure(o, uri, experimentId)))
            {
                passed = (await Runner(RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes"))).RunAsync(new Safety(), s_row)).Single();
                failed = (await Runner(new RecordingChatClient((_, _, _) =>
                        throw new HttpRequestException("The judge endpoint answered 503.", null, HttpStatusCode.ServiceUnavailable)))
                    .RunAsync(new Guidelines("Be polite.") { Name = "polite" }, s_row)).Single();
                provider.Shutdown().Should().BeTrue();
            }

            var traces = await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [experimentId], OrderBy = ["timestamp_ms ASC"] }).ToListAsync();
            traces.Should().HaveCount(2);
            var safety = await client.GetTraceAsync(passed.Metadata![ScorerTraces.TraceIdMetadataKey]);
            safety.Info.Tags[ScorerTraces.SourceScorerTag].Should().Be("safety");
            safety.Info.State.Should().Be("OK");
            safety.Info.Metadata["mlflow.trace.tokenUsage"].Should().Contain("\"input_tokens\": 11", "the model call's usage is summed into the trace");
            safety.RootSpan!.Name.Should().Be("safety");
            safety.RootSpan.SpanType.ToString().Should().Be("EVALUATOR");
            var chat = safety.Spans.Should().ContainSingle(s => s.ParentId == safety.RootSpan.SpanId).Subject;
            chat.SpanType.ToString().Should().Be("CHAT_MODEL");
            chat.Inputs!["messages"]![0]!["content"]!.GetValue<string>().Should().Contain("MLflow is a platform.");

            failed.Error!.ErrorCode.Should().Be(AssessmentError.ScorerErrorCode);
            var polite = await client.GetTraceAsync(failed.Metadata![ScorerTraces.TraceIdMetadataKey]);
            polite.Info.State.Should().Be("ERROR");
            polite.Info.Tags[ScorerTraces.SourceScorerTag].Should().Be("polite");
            (await client.SearchTracesAsync(new TraceSearchOptions
            {
                ExperimentIds = [experimentId],
                Filter = $"tags.`{ScorerTraces.SourceScorerTag}` = 'safety'",
            }).Select(t => t.TraceId).ToListAsync()).Should().Equal(safety.TraceId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Test]
    public async Task MlflowServer_JudgeRun_LeavesATaggedScorerTrace_ThroughTheTraceInfoCall()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        Feedback feedback;
        using (var provider = MlflowTracing.CreateTracerProvider(o => Configure(o, server.Url, "0")))
        {
            feedback = (await Runner(RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("no"))).RunAsync(new Safety(), s_row)).Single();
            provider.Shutdown().Should().BeTrue();
        }

        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = server.Url, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
        var found = await client.SearchTracesAsync(new TraceSearchOptions
        {
            ExperimentIds = ["0"],
            Filter = $"tags.`{ScorerTraces.SourceScorerTag}` = 'safety'",
            IncludeSpans = false,
        }).ToListAsync();

        found.Should().ContainSingle().Which.TraceId.Should().Be(feedback.Metadata![ScorerTraces.TraceIdMetadataKey]);
        found[0].Info.Tags["mlflow.traceName"].Should().Be("safety");
    }

    [Test]
    public async Task TracerProvider_JudgeRunWithTracingOff_WritesNoTrace()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        var runner = new ScorerRunner(new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = RecordingChatClient.Answering(ScriptedJudgeEndpoint.Verdict("yes")) }));

        var feedback = (await runner.RunAsync(new Safety(), s_row)).Single();
        harness.Flush();

        feedback.Metadata.Should().NotContainKey(ScorerTraces.TraceIdMetadataKey);
        writer.Traces.Should().BeEmpty();
    }

    private static ScorerRunner Runner(RecordingChatClient client) =>
        new(new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = client, RecordScorerTraces = true, MaxRetries = 0 }));

    private static void Configure(MlflowTracingOptions options, string trackingUri, string experimentId)
    {
        options.TrackingUri = trackingUri;
        options.ExperimentId = experimentId;
        options.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
    }
}
