using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Tests.Transport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// The server-side scorer job route, replayed from a real MLflow 3.11.2 exchange (fixtures/mlflow-3.11/scorer-invoke.json):
/// the submit, polling on a test clock until the job ends, the result read into feedback per trace, and the errors (the
/// server's refusals, an unknown job, a failed job, a 3.6 server without the route, a job that never ends, cancellation).
/// </summary>
public sealed class MlflowServerScorerJobTests : WireMockFixture
{
    private const string JobScenario = "job";
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(2);
    private static readonly Lazy<JsonNode> s_fixture = new(() => JsonNode.Parse(Fixtures.ReadText("mlflow-3.11/scorer-invoke.json"))!);

    private static JsonArray Exchanges => s_fixture.Value["exchanges"]!.AsArray();

    private static JsonNode Submit => Exchanges.Single(e => (string)e!["path"]! == MlflowServerPaths.InvokeScorer && (int)e["status"]! == 200)!;

    private static string JobId => (string)Submit["response"]!["jobs"]![0]!["job_id"]!;

    private static List<string> TraceIds => s_fixture.Value["trace_ids"]!.AsArray().Select(t => (string)t!).ToList();

    private static ServerScorerJobRequest Request311 => new(
        (string)s_fixture.Value["experiment_id"]!, (string)Submit["request"]!["serialized_scorer"]!, TraceIds)
    { PollInterval = s_poll };

    [Test]
    public async Task InvokeServerScorerJobAsync_Mlflow311_SubmitsAsTheUiDoesAndPollsUntilTheJobSucceeds()
    {
        Version("3.11.2.dev0");
        Answer("POST", MlflowServerPaths.InvokeScorer, Submit);
        var polls = Exchanges.Where(e => (string)e!["path"]! == MlflowServerPaths.Job(JobId)).ToList();
        AnswerInTurn(MlflowServerPaths.Job(JobId), polls);
        using var clock = new ObservableTimeProvider();
        using var test = new TestStore(Server.Url!, timeProvider: clock);
        var reported = new List<ServerScorerJobResult>();

        var run = test.Store.InvokeServerScorerJobAsync(Request311, new SyncProgress(reported), CancellationToken.None);
        await clock.WaitForTimerAsync(s_poll);
        clock.Advance(s_poll);
        var jobs = await run;

        var job = jobs.Should().ContainSingle().Subject;
        job.JobId.Should().Be(JobId);
        job.Status.Should().Be(ServerScorerJobStatus.Succeeded);
        job.ScoredEveryTrace.Should().BeTrue();
        job.TraceIds.Should().Equal(TraceIds);
        job.Assessments.Keys.Should().BeEquivalentTo(TraceIds);
        var feedback = job.Assessments[TraceIds[0]].Should().ContainSingle().Which.Should().BeOfType<Feedback>().Subject;
        feedback.Name.Should().Be("english_bf");
        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
        feedback.TraceId.Should().Be(TraceIds[0]);
        feedback.SpanId.Should().Be("f04222290cff5a95");
        reported.Should().Equal(jobs);
        var submitted = AnsweredRequests.Single(e => e.RequestMessage.Path == MlflowServerPaths.InvokeScorer);
        JsonEquivalence.AreEquivalent(submitted.RequestMessage.Body!, Submit["request"]!.ToJsonString()).Should().BeTrue();
        AnsweredRequests.Count(e => e.RequestMessage.Path == MlflowServerPaths.Job(JobId)).Should().Be(2);
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_ServerRefusesTheRequest_SurfacesItsCodeAndMessage()
    {
        Version("3.11.2.dev0");
        Answer("POST", MlflowServerPaths.InvokeScorer, Exchanges[0]!);
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.InvokeServerScorerJobAsync(Request311, null, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Contain("Missing required parameter: experiment_id");
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_UnknownJob_ThrowsResourceDoesNotExist()
    {
        Version("3.11.2.dev0");
        var unknown = Exchanges.Single(e => (string)e!["path"]! == MlflowServerPaths.Job("does-not-exist"))!;
        Answer("POST", MlflowServerPaths.InvokeScorer, 200, "{\"jobs\": [{\"job_id\": \"does-not-exist\", \"trace_ids\": []}]}");
        Answer("GET", MlflowServerPaths.Job("does-not-exist"), unknown);
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.InvokeServerScorerJobAsync(Request311, null, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Contain("Job with ID does-not-exist not found");
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_JobFails_ReturnsTheFailureWithTheServersDetails()
    {
        Version("3.11.2.dev0");
        Answer("POST", MlflowServerPaths.InvokeScorer, Submit);
        Answer("GET", MlflowServerPaths.Job(JobId), 200, "{\"result\": null, \"status\": \"FAILED\", \"status_details\": \"gateway endpoint fake-judge is down\"}");
        using var test = new TestStore(Server.Url!);

        var job = (await test.Store.InvokeServerScorerJobAsync(Request311, null, CancellationToken.None)).Single();

        job.Status.Should().Be(ServerScorerJobStatus.Failed);
        job.ScoredEveryTrace.Should().BeFalse();
        job.Assessments.Should().BeEmpty();
        job.Failures.Should().Equal(new ServerScorerJobFailure(null, "FAILED", "gateway endpoint fake-judge is down"));
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_Mlflow36_ThrowsNotSupportedNamingTheVersionBeforeSubmitting()
    {
        Version("3.6.1.dev0");
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.InvokeServerScorerJobAsync(Request311, null, CancellationToken.None);

        (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>()).Which.Message
            .Should().Contain("MLflow server 3.6.1.dev0").And.Contain(MlflowServerPaths.InvokeScorer).And.Contain("3.11");
        Server.LogEntries.Should().NotContain(e => e.RequestMessage.Path == MlflowServerPaths.InvokeScorer);
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_UnknownVersionWithoutTheRoute_ThrowsNotSupported()
    {
        Server.Given(Request.Create().WithPath("/version")).RespondWith(Response.Create().WithStatusCode(404).WithBody("<html>no</html>"));
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.InvokeServerScorerJobAsync(Request311, null, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>()).Which;
        error.Message.Should().Contain("(unknown version)");
        error.InnerException.Should().BeOfType<MlflowApiException>().Which.ErrorCode.Should().Be(MlflowErrorCode.EndpointNotFound);
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_JobNeverEnds_TimesOutAfterMaxWaitOnTheClock()
    {
        Version("3.11.2.dev0");
        Answer("POST", MlflowServerPaths.InvokeScorer, Submit);
        Answer("GET", MlflowServerPaths.Job(JobId), 200, "{\"result\": null, \"status\": \"RUNNING\", \"status_details\": null}");
        using var clock = new ObservableTimeProvider();
        using var test = new TestStore(Server.Url!, timeProvider: clock);

        var run = test.Store.InvokeServerScorerJobAsync(Request311 with { MaxWait = TimeSpan.FromSeconds(5) }, null, CancellationToken.None);
        for (var wait = 1; wait <= 3; wait++)
        {
            await clock.WaitForTimerAsync(s_poll, wait);
            clock.Advance(s_poll);
        }

        (await FluentActions.Awaiting(() => run).Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain(JobId);
        AnsweredRequests.Count(e => e.RequestMessage.Path == MlflowServerPaths.Job(JobId)).Should().Be(4);
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_CancelledWhileWaiting_StopsPolling()
    {
        Version("3.11.2.dev0");
        Answer("POST", MlflowServerPaths.InvokeScorer, Submit);
        Answer("GET", MlflowServerPaths.Job(JobId), 200, "{\"result\": null, \"status\": \"PENDING\", \"status_details\": null}");
        using var clock = new ObservableTimeProvider();
        using var test = new TestStore(Server.Url!, timeProvider: clock);
        using var cancel = new CancellationTokenSource();

        var run = test.Store.InvokeServerScorerJobAsync(Request311, null, cancel.Token);
        await clock.WaitForTimerAsync(s_poll);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        AnsweredRequests.Count(e => e.RequestMessage.Path == MlflowServerPaths.Job(JobId)).Should().Be(1);
    }

    [TestCase("", "a", "tr-1", "ExperimentId")]
    [TestCase("2", " ", "tr-1", "SerializedScorer")]
    [TestCase("2", "{}", null, "TraceIds")]
    [TestCase("2", "{}", " ", "TraceIds")]
    public async Task InvokeServerScorerJobAsync_IncompleteRequest_ThrowsBeforeAnyRequest(
        string experimentId, string serializedScorer, string? traceId, string parameter)
    {
        using var test = new TestStore(Server.Url!);
        var request = new ServerScorerJobRequest(experimentId, serializedScorer, traceId is null ? [] : [traceId]);

        var act = () => test.Store.InvokeServerScorerJobAsync(request, null, CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(parameter);
        Server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public async Task InvokeServerScorerJobAsync_LocalStore_ThrowsNotSupportedThroughTheClient()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlflowscorers-jobs-{Guid.NewGuid():N}.db");
        try
        {
            await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + file, ReadEnvironment = false });

            var act = () => client.InvokeServerScorerJobAsync(new ServerScorerJobRequest("0", "{}", ["tr-1"]));

            (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>()).Which.Message.Should().Contain("3.11");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.File.Delete(file);
        }
    }

    private void Version(string version)
    {
        Server.Given(Request.Create().WithPath("/version").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody(version));
        if (version.StartsWith("3.11", StringComparison.Ordinal))
        {
            Answer("GET", MlflowServerPaths.OnlineConfigs, 200, "{\"configs\": []}");
        }
    }

    private void Answer(string method, string path, JsonNode exchange) =>
        Answer(method, path, (int)exchange["status"]!, Body(exchange));

    private void Answer(string method, string path, int status, string body) =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", ContentType(body)).WithBody(body));

    private void AnswerInTurn(string path, List<JsonNode?> exchanges)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            var body = Body(exchanges[i]!);
            var mapping = Server.Given(Request.Create().WithPath(path).UsingGet()).InScenario(JobScenario);
            mapping = i == 0 ? mapping : mapping.WhenStateIs($"poll-{i}");
            mapping.WillSetStateTo($"poll-{i + 1}")
                .RespondWith(Response.Create().WithStatusCode((int)exchanges[i]!["status"]!).WithHeader("Content-Type", ContentType(body)).WithBody(body));
        }
    }

    private static string Body(JsonNode exchange) =>
        exchange["response"] is JsonValue text && text.TryGetValue<string>(out var html) ? html : exchange["response"]!.ToJsonString();

    private static string ContentType(string body) => body.StartsWith('<') ? "text/html; charset=utf-8" : "application/json";

    /// <summary>Reports on the calling thread, so the list is complete when the call returns.</summary>
    private sealed class SyncProgress(List<ServerScorerJobResult> reported) : IProgress<ServerScorerJobResult>
    {
        public void Report(ServerScorerJobResult value) => reported.Add(value);
    }
}
