using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Jobs;

/// <summary>The managed-evals backfill of scheduled scorers (spec §8.2): the exact requests, rates, window and errors.</summary>
public sealed class DatabricksBackfillTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 7, 30, 0, TimeSpan.Zero);
    private FakeDatabricksServer _server = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void Start()
    {
        _server = FakeDatabricksServer.Start().ServeJobs();
        _clock = new FakeTimeProvider(s_now);
    }

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task ByNames_UseRegisteredRates_ListMonitorsThenPostTheBackfill_WithThePersonalAccessToken()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server, o => o.TimeProvider = _clock);
        var start = s_now.AddDays(-2);
        var end = s_now.AddDays(-1);

        var jobId = await client.StartDatabricksBackfillAsync(Names("safety", "relevance"), start, end, experimentId: null, default);

        jobId.Should().Be("backfill-job-1");
        var calls = JobCalls();
        calls.Select(r => $"{r.Method} {r.Path}").Should().Equal(
            $"GET /api/2.0/managed-evals/scheduled-scorers/{test.ExperimentId}",
            "POST /api/2.0/managed-evals/monitors",
            $"POST /api/2.0/managed-evals/scheduled-scorers/{test.ExperimentId}/backfill");
        calls.Should().OnlyContain(r => r.Authorization == "Bearer " + DatabricksTestClient.Token);
        calls[1].Body.Should().Be(new JsonObject { ["experiment_id"] = test.ExperimentId }.ToJsonString());
        calls[2].Body.Should().Be(
            new JsonObject
            {
                ["experiment_id"] = test.ExperimentId,
                ["endpoint_name"] = "agents_main-support-bot",
                ["scorer_sample_rates"] = new JsonArray(
                    new JsonObject { ["name"] = "safety", ["sample_rate"] = 0.5 },
                    new JsonObject { ["name"] = "relevance", ["sample_rate"] = 0.25 }),
                ["start_timestamp_ms"] = start.ToUnixTimeMilliseconds(),
                ["end_timestamp_ms"] = end.ToUnixTimeMilliseconds(),
                ["trace_ids"] = null,
            }.ToJsonString());
    }

    [Test]
    public async Task WithOverrides_SendTheOverrideRate_AndTheRegisteredRateWhereNoneIsGiven()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server, o => o.TimeProvider = _clock);

        await client.StartDatabricksBackfillAsync(
            [KeyValuePair.Create("safety", (double?)0.9), KeyValuePair.Create("relevance", (double?)null), KeyValuePair.Create("fluency", (double?)0.0)],
            start: null, end: null, experimentId: null, default);

        var rates = _server.Backfills.Single()["scorer_sample_rates"]!.AsArray()
            .Select(r => (r!["name"]!.GetValue<string>(), r["sample_rate"]!.GetValue<double>()));
        rates.Should().Equal(("safety", 0.9), ("relevance", 0.25), ("fluency", 0.0));
    }

    [Test]
    public async Task WithoutStartAndEnd_CoversTheLastSevenDaysOnTheClientClock_AndAnEndAloneReachesSevenDaysBack()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server, o => o.TimeProvider = _clock);

        await client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);
        _clock.Advance(TimeSpan.FromHours(5));
        await client.StartDatabricksBackfillAsync(Names("safety"), null, s_now.AddDays(-1), null, default);

        var windows = _server.Backfills.Select(b => (b["start_timestamp_ms"]!.GetValue<long>(), b["end_timestamp_ms"]!.GetValue<long>()));
        windows.Should().Equal(
            (s_now.AddDays(-7).ToUnixTimeMilliseconds(), s_now.ToUnixTimeMilliseconds()),
            (s_now.AddDays(-8).ToUnixTimeMilliseconds(), s_now.AddDays(-1).ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task UnknownScorer_IsTheGuidesError_ListingTheScheduledScorers_BeforeAnyMonitorOrBackfillCall()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server);

        var act = () => client.StartDatabricksBackfillAsync(Names("safety", "tone"), null, null, null, default);

        await act.Should().ThrowExactlyAsync<MlflowException>().WithMessage(
            $"Scheduled scorer 'tone' not found in experiment '{test.ExperimentId}'. Available scorers: ['safety', 'relevance', 'fluency']");
        JobCalls().Select(r => r.Method).Should().Equal("GET");
    }

    [Test]
    public async Task NoMonitor_IsAClearError_AndNoBackfillIsPosted()
    {
        await using var test = await StartAsync(monitor: false);
        var client = DatabricksJobsClient.Over(test, _server);

        var act = () => client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);

        (await act.Should().ThrowExactlyAsync<MlflowException>()).Which.Message.Should()
            .StartWith($"No monitors found for experiment_id '{test.ExperimentId}'");
        JobCalls().Should().NotContain(r => r.Path.EndsWith("/backfill", StringComparison.Ordinal));
        _server.Backfills.Should().BeEmpty();
    }

    [Test]
    public async Task MonitorWithoutEndpointName_IsAnErrorShowingTheMonitor_AndNoBackfillIsPosted()
    {
        await using var test = await StartAsync(monitor: false);
        _server.AddMonitor(test.ExperimentId, endpointName: null);
        var client = DatabricksJobsClient.Over(test, _server);

        var act = () => client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);

        (await act.Should().ThrowExactlyAsync<MlflowException>()).Which.Message.Should()
            .Be($"The reply of POST /api/2.0/managed-evals/monitors has a monitor without 'endpoint_name': {{\"endpoint_name\":null,\"monitor\":{{\"experiment_id\":\"{test.ExperimentId}\",\"is_agent_external\":true}}}}. The managed-evals service may have changed its response shape.");
        _server.Backfills.Should().BeEmpty();
    }

    [Test]
    public async Task ServerError_SurfacesItsErrorCodeAndMessage()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server);
        _server.BackfillFailure = (409, "RESOURCE_CONFLICT", "A backfill job is already running for this experiment.");

        var act = () => client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.ErrorCode.Should().Be(new MlflowErrorCode("RESOURCE_CONFLICT"));
        error.Message.Should().Contain("A backfill job is already running for this experiment.");
    }

    [TestCase("rate", TestName = "BadInput_RateAboveOne_IsRefusedBeforeAnyRequest")]
    [TestCase("twice", TestName = "BadInput_ScorerNamedTwice_IsRefusedBeforeAnyRequest")]
    [TestCase("none", TestName = "BadInput_NoScorers_IsRefusedBeforeAnyRequest")]
    [TestCase("empty", TestName = "BadInput_EmptyName_IsRefusedBeforeAnyRequest")]
    [TestCase("window", TestName = "BadInput_StartAfterEnd_IsRefusedBeforeAnyRequest")]
    public async Task BadInput_IsRefusedBeforeAnyRequest(string kind)
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server);
        var before = JobCalls().Count;
        IReadOnlyList<KeyValuePair<string, double?>> scorers = kind switch
        {
            "rate" => [KeyValuePair.Create("safety", (double?)1.5)],
            "twice" => Names("safety", "safety"),
            "none" => [],
            "empty" => Names(" "),
            _ => Names("safety"),
        };
        DateTimeOffset? start = kind == "window" ? s_now : null;
        DateTimeOffset? end = kind == "window" ? s_now.AddMinutes(-1) : null;

        var act = () => client.StartDatabricksBackfillAsync(scorers, start, end, null, default);

        var error = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        error.Message.Should().Contain(kind switch
        {
            "rate" => "1.5 of scorer 'safety' must be between 0 and 1",
            "twice" => "'safety' is named twice",
            "none" => "at least one",
            "empty" => "must not be empty",
            _ => "is after its end",
        });
        JobCalls().Should().HaveCount(before);
    }

    [Test]
    public async Task OAuthServicePrincipal_AuthenticatesEveryBackfillCall()
    {
        _server.UseServicePrincipal("sp-client", "sp-secret");
        void Configure(MlflowClientOptions o) =>
            o.Databricks = new DatabricksOptions { Host = _server.Url, ClientId = "sp-client", ClientSecret = "sp-secret" };
        await using var test = await StartAsync(configure: Configure);
        var client = DatabricksJobsClient.Over(test, _server, Configure);

        await client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);

        var calls = JobCalls();
        calls.Should().HaveCount(3);
        calls.Should().OnlyContain(r => r.Authorization == $"Bearer oauth-token-{_server.TokensIssued}");
    }

    [Test]
    public async Task CancelBackfillJob_DeletesTheJobWithoutABody_AndAnUnknownJobIsTheServersError()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server);
        var jobId = await client.StartDatabricksBackfillAsync(Names("safety"), null, null, null, default);

        await client.CancelBackfillJobAsync(jobId);
        var again = () => client.CancelBackfillJobAsync(jobId, test.ExperimentId);

        var error = (await again.Should().ThrowAsync<MlflowApiException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Be($"Backfill job '{jobId}' not found in experiment '{test.ExperimentId}'.");
        var deletes = JobCalls().Where(r => r.Method == "DELETE").ToList();
        deletes.Should().HaveCount(2);
        deletes[0].Path.Should().Be($"/api/2.0/managed-evals/experiments/{test.ExperimentId}/backfill/{jobId}");
        deletes[0].Body.Should().BeEmpty();
        deletes[0].Authorization.Should().Be("Bearer " + DatabricksTestClient.Token);
    }

    [Test]
    public async Task CancelBackfillJob_WithAnEmptyJobId_IsRefusedBeforeAnyRequest()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server);

        var act = () => client.CancelBackfillJobAsync(" ");

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("jobId");
        JobCalls().Should().BeEmpty();
    }

    [Test]
    public async Task MonitorBackfill_OfScheduledScorers_StartsTheWorkspacesJob_AndReturnsItsId()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server, o => o.TimeProvider = _clock);
        await using var monitor = new ScorerMonitor(client);
        var start = s_now.AddDays(-3);

        var result = await monitor.BackfillAsync(["safety"], start, s_now);

        result.ServerJobIds.Should().Equal("backfill-job-1");
        var backfill = _server.Backfills.Single();
        backfill["scorer_sample_rates"]!.AsArray().Select(r => (r!["name"]!.GetValue<string>(), r["sample_rate"]!.GetValue<double>()))
            .Should().Equal(("safety", 0.5));
        backfill["start_timestamp_ms"]!.GetValue<long>().Should().Be(start.ToUnixTimeMilliseconds());
        backfill["end_timestamp_ms"]!.GetValue<long>().Should().Be(s_now.ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task MonitorBackfill_OfANameTheWorkspaceDoesNotSchedule_ListsTheScheduledScorers_AndStartsNoJob()
    {
        await using var test = await StartAsync();
        var client = DatabricksJobsClient.Over(test, _server, o => o.TimeProvider = _clock);
        await using var monitor = new ScorerMonitor(client);

        var act = () => monitor.BackfillAsync(["tone"], s_now.AddDays(-1), s_now);

        await act.Should().ThrowAsync<MlflowException>().WithMessage("*'tone' not found*'safety', 'relevance', 'fluency'*");
        _server.Backfills.Should().BeEmpty();
    }

    internal static IReadOnlyList<KeyValuePair<string, double?>> Names(params string[] names) =>
        names.Select(n => KeyValuePair.Create(n, (double?)null)).ToList();

    private async Task<DatabricksTestClient> StartAsync(bool monitor = true, Action<MlflowClientOptions>? configure = null)
    {
        var test = await DatabricksTestClient.CreateAsync(_server, configure);
        List<JsonObject> planted =
        [
            FakeDatabricksServer.Entry("safety", sampleRate: 0.5),
            FakeDatabricksServer.Entry("relevance", sampleRate: 0.25),
            FakeDatabricksServer.Entry("fluency"),
        ];
        _server.ExternalWriter = (request, list) => list.Count == 0 ? planted : null;
        if (monitor)
        {
            _server.AddMonitor(test.ExperimentId, "agents_main-support-bot");
        }

        return test;
    }

    /// <summary>The managed-evals requests (the token endpoint excluded; the test client's setup sends none).</summary>
    private List<FakeDatabricksRequest> JobCalls() =>
        _server.Requests.Where(r => r.Path.StartsWith("/api/2.0/managed-evals/", StringComparison.Ordinal)).ToList();
}
