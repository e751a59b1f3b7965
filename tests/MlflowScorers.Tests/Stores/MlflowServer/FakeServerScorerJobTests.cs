using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Tests.Transport;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// <see cref="MlflowClient.InvokeServerScorerJobAsync"/> against the stateful fake servers: on 3.11 the job's feedback is
/// written to the traces and readable afterwards, a trace the server lacks comes back as a failure; 3.6 has no route.
/// </summary>
public sealed class FakeServerScorerJobTests
{
    private const string TraceId = "tr-de983a0007c611e54736ff026ab25699";
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

    [Test]
    public async Task InvokeServerScorerJobAsync_Mlflow311_WritesTheFeedbackToTheTraces()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        server.AddTrace("0", FixtureTrace());
        using var clock = new ObservableTimeProvider();
        await using var client = Client(server, clock);
        var request = new ServerScorerJobRequest("0", Judge, [TraceId, "tr-missing"]) { PollInterval = s_poll };

        var run = client.InvokeServerScorerJobAsync(request);
        await clock.WaitForTimerAsync(s_poll);
        clock.Advance(s_poll);
        var job = (await run).Should().ContainSingle().Subject;

        job.Status.Should().Be(ServerScorerJobStatus.Succeeded);
        job.Assessments[TraceId].Should().ContainSingle().Which.Name.Should().Be("english_bf");
        job.Failures.Should().Equal(new ServerScorerJobFailure("tr-missing", "TRACE_NOT_FOUND", "Trace tr-missing not found"));
        job.ScoredEveryTrace.Should().BeFalse();
        var written = (await client.GetTraceAsync(TraceId)).Info.Assessments.OfType<Feedback>().Where(f => f.Name == "english_bf");
        written.Should().ContainSingle().Which.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_Mlflow36_ThrowsNotSupportedNamingTheVersion()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow36);
        await using var client = Client(server, TimeProvider.System);

        var act = () => client.InvokeServerScorerJobAsync(new ServerScorerJobRequest("0", Judge, [TraceId]));

        (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>()).Which.Message.Should().Contain("3.6.1");
        server.Requests.Should().NotContain(r => r.PathAndQuery.Contains("scorer/invoke", StringComparison.Ordinal));
    }

    private static string Judge => (string)JsonNode.Parse(Fixtures.ReadText("mlflow-3.11/scorer-invoke.json"))!["exchanges"]![3]!["request"]!["serialized_scorer"]!;

    private static MlflowClient Client(FakeMlflowServer server, TimeProvider time) => new(new MlflowClientOptions
    {
        TrackingUri = server.Url,
        ExperimentId = "0",
        ReadEnvironment = false,
        Retry = { MaxRetries = 0 },
        TimeProvider = time,
    });

    private static JsonObject FixtureTrace()
    {
        foreach (var line in File.ReadLines(Fixtures.PathOf("mlflow-3.11/python-client-traffic.jsonl")))
        {
            var exchange = JsonNode.Parse(line)!;
            if (((string)exchange["path"]!).StartsWith("/api/3.0/mlflow/traces/batchGet", StringComparison.Ordinal))
            {
                return JsonNode.Parse((string)exchange["resp_body"]!)!["traces"]![0]!.AsObject();
            }
        }

        throw new InvalidOperationException("The 3.11 traffic has no batchGet answer.");
    }
}
