using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Tests.Stores.MlflowServer;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using MlflowScorers.Tests.Support;
using WireMock.Server;
using WireMock.Types;

namespace MlflowScorers.Tests.Transport;

/// <summary>Retries, back-off waits and timeouts, with the clock under the test's control.</summary>
public sealed class MlflowRetryHandlerTests : WireMockFixture
{
    private const string Path = "/api/3.0/mlflow/scorers/list";
    private const string Register = "/api/3.0/mlflow/scorers/register";
    private const string Ok = "{\"scorers\": [{\"experiment_id\": 1, \"scorer_name\": \"safety\", \"scorer_version\": 1, \"serialized_scorer\": \"{}\"}]}";

    [Test]
    public async Task Get_429WithRetryAfter_WaitsTheServersDelayThenSucceeds()
    {
        FirstThenOk(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        using var time = new ObservableTimeProvider();
        using var test = new TestStoreOverTime(Server.Url!, new MlflowRetryOptions(), time);

        var call = test.Store.ListScorersAsync("1", CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        AnsweredRequests.Should().ContainSingle("the retry waits for the server's Retry-After");
        time.Advance(TimeSpan.FromSeconds(7));
        var scorers = await call;

        scorers.Should().ContainSingle().Which.Name.Should().Be("safety");
        AnsweredRequests.Should().HaveCount(2);
    }

    [Test]
    public async Task Get_RetryAfterLongerThanCap_WaitsOnlyTheCap()
    {
        FirstThenOk(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "3600"));
        using var time = new ObservableTimeProvider();
        using var test = new TestStoreOverTime(Server.Url!, new MlflowRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(12) }, time);

        var call = test.Store.ListScorersAsync("1", CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(12));
        time.Advance(TimeSpan.FromSeconds(12));

        (await call).Should().ContainSingle();
    }

    [Test]
    public async Task Get_RetryAfterPastTotalTimeout_WaitIsCutAtTheDeadlineThenTimesOut()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "50"));
        using var time = new ObservableTimeProvider();
        var options = new MlflowRetryOptions { AttemptTimeout = TimeSpan.FromSeconds(60), TotalTimeout = TimeSpan.FromSeconds(60), MaxRetryAfter = TimeSpan.FromSeconds(60) };
        using var test = new TestStoreOverTime(Server.Url!, options, time);

        var call = test.Store.ListScorersAsync("1", CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(50));
        time.Advance(TimeSpan.FromSeconds(50));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(10), count: 2); // the second attempt's bound, then the shortened wait
        time.Advance(TimeSpan.FromSeconds(10));

        await FluentActions.Awaiting(() => call).Should().ThrowExactlyAsync<TimeoutException>();
        AnsweredRequests.Should().HaveCount(2, "no attempt starts once the total time is spent");
    }

    [TestCase(503)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    [TestCase(408)]
    public async Task Get_TransientStatusThenSuccess_Retried(int status)
    {
        FirstThenOk(Response.Create().WithStatusCode(status).WithBody("busy"));
        using var test = new TestStore(Server.Url!, maxRetries: 3);

        var scorers = await test.Store.ListScorersAsync("1", CancellationToken.None);

        scorers.Should().ContainSingle();
        AnsweredRequests.Should().HaveCount(2);
    }

    [Test]
    public async Task Get_ConnectionResetThenSuccess_Retried()
    {
        using var server = new ResettingHttpServer(resets: 1, Ok);
        using var test = new TestStore(server.Url, maxRetries: 3);

        var scorers = await test.Store.ListScorersAsync("1", CancellationToken.None);

        scorers.Should().ContainSingle();
        server.Requests.Should().Be(2);
    }

    [Test]
    public async Task Get_MalformedChunkFault_ThrowsClearMlflowException()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        using var test = new TestStore(Server.Url!, maxRetries: 3);

        var act = () => test.Store.ListScorersAsync("1", CancellationToken.None);

        (await act.Should().ThrowExactlyAsync<MlflowException>()).WithMessage("The response of GET " + Path + " could not be parsed*");
    }

    [Test]
    public async Task Get_PersistentFailure_GivesUpAfterMaxRetries()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(503).WithBody("down"));
        using var test = new TestStore(Server.Url!, maxRetries: 2);

        var act = () => test.Store.ListScorersAsync("1", CancellationToken.None);

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.TemporarilyUnavailable);
        AnsweredRequests.Should().HaveCount(3);
    }

    [Test]
    public async Task Get_NotFound_NotRetried()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(404)
            .WithHeader("Content-Type", "application/json").WithBody("{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"gone\"}"));
        using var test = new TestStore(Server.Url!, maxRetries: 3);

        var act = () => test.Store.ListScorersAsync("1", CancellationToken.None);

        await act.Should().ThrowAsync<MlflowApiException>();
        AnsweredRequests.Should().ContainSingle();
    }

    [Test]
    public async Task Register_500_NotRetried()
    {
        Server.Given(Request.Create().WithPath(Register)).RespondWith(Response.Create().WithStatusCode(500)
            .WithHeader("Content-Type", "application/json").WithBody("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"boom\"}"));
        using var test = new TestStore(Server.Url!, maxRetries: 3);

        var act = () => test.Store.RegisterScorerAsync("1", "safety", "{}", CancellationToken.None);

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.InternalError);
        AnsweredRequests.Should().ContainSingle();
    }

    [Test]
    public async Task Register_ConnectionResetAfterSending_NotRetried()
    {
        using var server = new ResettingHttpServer(resets: 1, "{}");
        using var test = new TestStore(server.Url, maxRetries: 3);

        var act = () => test.Store.RegisterScorerAsync("1", "safety", "{}", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowConnectionException>()).Which;
        error.Attempts.Should().Be(1);
        error.InnerException.Should().BeOfType<System.Net.Http.HttpRequestException>();
        server.Requests.Should().Be(1);
    }

    [TestCase(503)]
    [TestCase(429)]
    public async Task Register_RefusedWith_RetriedAndBodyResent(int status)
    {
        var registered = FixtureTraffic.PythonClient("mlflow-3.6").First(e => e.Path == Register);
        Server.Given(Request.Create().WithPath(Register)).InScenario("register").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(status));
        Server.Given(Request.Create().WithPath(Register)).InScenario("register").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(registered.ResponseBody));
        using var test = new TestStore(Server.Url!, maxRetries: 3);

        var stored = await test.Store.RegisterScorerAsync("2", "politeness", "{}", CancellationToken.None);

        stored.Version.Should().Be(1);
        AnsweredRequests.Should().HaveCount(2);
        AnsweredRequests.Select(e => e.RequestMessage.Body).Should().AllBe(
            "{\"experiment_id\":\"2\",\"name\":\"politeness\",\"serialized_scorer\":\"{}\"}");
        AnsweredRequests.Select(e => e.RequestMessage.Headers!["Content-Type"].Single()).Should().AllBe("application/json; charset=utf-8");
    }

    [Test]
    public async Task Get_SlowServerPastAttemptTimeout_ThrowsTimeoutException()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        using var time = new ObservableTimeProvider();
        var options = new MlflowRetryOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(30) };
        using var test = new TestStoreOverTime(Server.Url!, options, time);

        var call = test.Store.ListScorersAsync("1", CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        var error = (await FluentActions.Awaiting(() => call).Should().ThrowExactlyAsync<TimeoutException>()).Which;
        error.InnerException.Should().BeOfType<Polly.Timeout.TimeoutRejectedException>();
        error.Message.Should().Contain("GET " + Path);
    }

    [Test]
    public async Task Get_SlowServerPastTotalTimeout_ThrowsTimeoutExceptionAfterRetrying()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        using var time = new ObservableTimeProvider();
        var options = new MlflowRetryOptions
        {
            MaxRetries = 5, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromSeconds(60), TotalTimeout = TimeSpan.FromSeconds(90),
        };
        using var test = new TestStoreOverTime(Server.Url!, options, time);

        var call = test.Store.ListScorersAsync("1", CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(60));

        // The second attempt gets only what is left of the 90 seconds, and no third attempt starts.
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        var error = (await FluentActions.Awaiting(() => call).Should().ThrowExactlyAsync<TimeoutException>()).Which;
        error.Message.Should().Contain("total timeout 00:01:30");
        time.Timers.Should().Equal(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Get_CallerCancels_OperationCanceledPassesThrough()
    {
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        using var time = new ObservableTimeProvider();
        using var test = new TestStoreOverTime(Server.Url!, new MlflowRetryOptions(), time);
        using var cts = new CancellationTokenSource();

        var call = test.Store.ListScorersAsync("1", cts.Token);
        await time.WaitForTimerAsync(new MlflowRetryOptions().AttemptTimeout);
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
    }

    private void FirstThenOk(IResponseBuilder first)
    {
        Server.Given(Request.Create().WithPath(Path)).InScenario("flaky").WillSetStateTo("ok").RespondWith(first);
        Server.Given(Request.Create().WithPath(Path)).InScenario("flaky").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Ok));
    }
}
