using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Databricks;
using MlflowScorers.Tests.Databricks.Jobs;
using MlflowScorers.Tests.Monitoring;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Samples;

/// <summary>
/// The Databricks samples as a user runs them: with no Databricks setting they exit with code 2 and name what they need,
/// before any request; against the fake workspace (127.0.0.1) they exit 0 and the workspace receives exactly the guide's
/// backfill and archival requests. Each run gets a scrubbed environment and an empty home folder, so no
/// <c>~/.databrickscfg</c> of the machine is read.
/// </summary>
[Category("Samples")]
[NonParallelizable]
public sealed class DatabricksSampleRunTests
{
    /// <summary>The exit code the samples document for a missing setting (samples/Shared/DatabricksWorkspace.cs).</summary>
    private const int MissingSettingsExitCode = 2;

    private const string Token = "dapi-sample-token";
    private const string Endpoint = "agents_main-support-bot";
    private const string ManagedEvals = "/api/2.0/managed-evals/";

    public static readonly string[] Samples = ["DatabricksBackfill", "DatabricksArchival"];

    [Test]
    public async Task Sample_WithNoDatabricksSetting_ExitsWithTwo_NamingTheHostEverySignInMethodAndTheExperiment(
        [ValueSource(nameof(Samples))] string sample)
    {
        var run = await RunAsync(sample, new Dictionary<string, string?>());

        run.ExitCode.Should().Be(MissingSettingsExitCode, run.ToString());
        run.Errors.Should().Contain("No Databricks workspace is configured", run.ToString());
        foreach (var setting in new[]
        {
            "DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE",
            "~/.databrickscfg", "MLFLOW_EXPERIMENT_ID",
        })
        {
            run.Errors.Should().Contain(setting, run.ToString());
        }
    }

    [Test]
    public async Task Sample_WithAHostButNoCredentials_ExitsWithTwo_NamingWhatEachSignInMethodLacks_BeforeAnyRequest(
        [ValueSource(nameof(Samples))] string sample)
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();

        var run = await RunAsync(sample, new Dictionary<string, string?> { ["DATABRICKS_HOST"] = Host(server), ["MLFLOW_EXPERIMENT_ID"] = "1" });

        run.ExitCode.Should().Be(MissingSettingsExitCode, run.ToString());
        run.Errors.Should().Contain($"No Databricks credentials for {Host(server)}").And.Contain("pat (missing token (DATABRICKS_TOKEN))")
            .And.Contain("oauth-m2m (missing client_id (DATABRICKS_CLIENT_ID), client_secret (DATABRICKS_CLIENT_SECRET))");
        server.Requests.Should().BeEmpty();
        server.Mlflow.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Sample_WithAWorkspaceButNoExperiment_ExitsWithTwo_NamingTheExperimentSettings_BeforeAnyRequest(
        [ValueSource(nameof(Samples))] string sample)
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();

        var run = await RunAsync(sample, new Dictionary<string, string?> { ["DATABRICKS_HOST"] = Host(server), ["DATABRICKS_TOKEN"] = Token });

        run.ExitCode.Should().Be(MissingSettingsExitCode, run.ToString());
        run.Errors.Should().Contain("No experiment is configured: set MLFLOW_EXPERIMENT_ID or MLFLOW_EXPERIMENT_NAME.");
        server.Requests.Should().BeEmpty();
        server.Mlflow.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task DatabricksBackfill_OnAWorkspace_StartsTheGuidesThreeBackfillJobs_WithTheirRatesAndWindows_AndScoresTheCodeScorerInItsProcess()
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();
        await using var workspace = await DatabricksTestClient.CreateAsync(server);
        var experimentId = workspace.ExperimentId;
        server.AddMonitor(experimentId, Endpoint);
        var before = WholeMilliseconds(DateTimeOffset.UtcNow); // The wire carries milliseconds.

        // Traces of the last week, of June 2024, and of three weeks ago (in no window).
        var lastWeek = Enumerable.Range(0, 20).Select(n => new TraceSeed(n, before.AddDays(-2).AddMinutes(n))).ToList();
        var june = Enumerable.Range(20, 5).Select(n => new TraceSeed(n, new DateTimeOffset(2024, 6, 10, 12, n, 0, TimeSpan.Zero))).ToList();
        var older = Enumerable.Range(25, 3).Select(n => new TraceSeed(n, before.AddDays(-21))).ToList();
        foreach (var seed in lastWeek.Concat(june).Concat(older))
        {
            server.Mlflow.AddTrace(experimentId, seed.ToServerJson());
        }

        var run = await RunAsync("DatabricksBackfill", Workspace(server, experimentId));

        var after = DateTimeOffset.UtcNow;
        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("backfill-job-1").And.Contain("backfill-job-2").And.Contain("backfill-job-3")
            .And.Contain("safety_check at 0.8 and response_length at 0.9, from 2024-06-01 00:00:00Z to 2024-06-30 00:00:00Z");
        var jobCalls = ManagedEvalsCalls(server).Where(r => r.Path.EndsWith("/monitors", StringComparison.Ordinal) || r.Path.Contains("/backfill", StringComparison.Ordinal));
        jobCalls.Select(r => $"{r.Method} {r.Path}").Should().Equal(Enumerable.Repeat(
            new[] { "POST /api/2.0/managed-evals/monitors", $"POST /api/2.0/managed-evals/scheduled-scorers/{experimentId}/backfill" }, 3).SelectMany(c => c));
        ManagedEvalsCalls(server).Should().OnlyContain(r => r.Authorization == "Bearer " + Token);

        // response_length is a C# function, scored in the sample's process: only the scheduled scorer goes to the workspace's job.
        var backfills = server.Backfills;
        backfills.Should().HaveCount(3);
        ShouldRequest(backfills[0], experimentId, 0.5);
        ShouldRequest(backfills[1], experimentId, 0.8);
        ShouldRequest(backfills[2], experimentId, 0.8);

        // 1. No time range: the last 7 days, ending when the sample ran.
        Window(backfills[0]).End.Should().BeOnOrAfter(before).And.BeOnOrBefore(after);
        (Window(backfills[0]).End - Window(backfills[0]).Start).Should().Be(TimeSpan.FromDays(7));

        // 2. The guide's range, datetime(2024, 6, 1) to datetime(2024, 6, 30), in UTC.
        Window(backfills[1]).Should().Be((new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 6, 30, 0, 0, 0, TimeSpan.Zero)));

        // 3. From a week before the sample ran, to when it ran.
        Window(backfills[2]).Start.Should().BeOnOrAfter(before.AddDays(-7)).And.BeOnOrBefore(after.AddDays(-7));
        Window(backfills[2]).End.Should().BeOnOrAfter(before).And.BeOnOrBefore(after);
        ManagedEvalsCalls(server).Should().NotContain(r => r.Method == "DELETE" && r.Path.Contains("/backfill/", StringComparison.Ordinal));

        // response_length: each window's traces sampled at that backfill's rate, once each; the last week's rate-0.5 picks
        // are already there when the third backfill samples the same traces at 0.9.
        var basic = Sampled(lastWeek, 0.5);
        var custom = Sampled(june, 0.9);
        var recent = Sampled(lastWeek, 0.9);
        basic.Should().NotBeEmpty();
        custom.Should().NotBeEmpty();
        recent.Should().NotBeSubsetOf(basic);
        run.Output.Should().Contain($"scored in this process: 20 traces, {basic.Count} feedback written, 0 already there")
            .And.Contain($"scored in this process: 5 traces, {custom.Count} feedback written, 0 already there")
            .And.Contain($"scored in this process: 20 traces, {recent.Except(basic).Count()} feedback written, {recent.Intersect(basic).Count()} already there");
        var scored = (await DatabricksJobsClient.Over(workspace, server).SearchTracesAsync(new TraceSearchOptions { IncludeSpans = false }).ToListAsync())
            .SelectMany(t => t.Info.Assessments.OfType<Feedback>().Where(f => f.Name == "response_length").Select(_ => t.TraceId))
            .ToList();
        scored.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(basic.Union(recent).Union(custom));
    }

    [Test]
    public async Task DatabricksBackfill_WithCancel_CancelsEachJobItStarted()
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();
        var experimentId = await ExperimentAsync(server);
        server.AddMonitor(experimentId, Endpoint);

        var run = await RunAsync("DatabricksBackfill", Workspace(server, experimentId), "--cancel");

        run.ExitCode.Should().Be(0, run.ToString());
        ManagedEvalsCalls(server).Where(r => r.Method == "DELETE").Select(r => (r.Path, r.Body)).Should().Equal(
            Enumerable.Range(1, 3).Select(n => ($"/api/2.0/managed-evals/experiments/{experimentId}/backfill/backfill-job-{n}", string.Empty)));
        run.Output.Should().Contain("Cancelled backfill job backfill-job-3.");
    }

    [Test]
    public async Task DatabricksBackfill_OnAnExperimentWithoutAMonitor_ExitsWithOne_WithTheWorkspacesReason_AndStartsNoJob()
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();
        var experimentId = await ExperimentAsync(server);

        var run = await RunAsync("DatabricksBackfill", Workspace(server, experimentId));

        run.ExitCode.Should().Be(1, run.ToString());
        run.Errors.Should().Contain($"No monitors found for experiment_id '{experimentId}'");
        server.Backfills.Should().BeEmpty();
    }

    [TestCase("token", TestName = "DatabricksArchival_WithAToken_EnablesThenDisables_AndShowsThe409AndThe404")]
    [TestCase("service-principal", TestName = "DatabricksArchival_WithAServicePrincipal_EnablesThenDisables_AndShowsThe409AndThe404")]
    [TestCase("profile", TestName = "DatabricksArchival_WithADatabricksProfile_EnablesThenDisables_AndShowsThe409AndThe404")]
    public async Task DatabricksArchival_EnablesThenDisables_AndShowsThe409AndThe404(string signIn)
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();
        var experimentId = await ExperimentAsync(server);
        var environment = new Dictionary<string, string?> { ["MLFLOW_EXPERIMENT_ID"] = experimentId };
        string? profile = null;
        var authorization = "Bearer " + Token;
        switch (signIn)
        {
            case "token":
                environment["DATABRICKS_HOST"] = Host(server);
                environment["DATABRICKS_TOKEN"] = Token;
                break;
            case "service-principal":
                server.UseServicePrincipal("sample-sp", "sample-sp-secret");
                environment["DATABRICKS_HOST"] = Host(server);
                environment["DATABRICKS_CLIENT_ID"] = "sample-sp";
                environment["DATABRICKS_CLIENT_SECRET"] = "sample-sp-secret";
                authorization = "Bearer oauth-token-1";
                break;
            default:
                profile = $"[DEFAULT]\nhost = https://adb-1.example.net\n\n[samples]\nhost = {Host(server)}\ntoken = {Token}\n";
                environment["DATABRICKS_CONFIG_PROFILE"] = "samples";
                break;
        }

        var run = await RunAsync("DatabricksArchival", environment, profile: profile);

        run.ExitCode.Should().Be(0, run.ToString());
        var expectedEnable = new JsonObject { ["experiment_id"] = experimentId, ["archive_table_fullname"] = "my_catalog.my_schema.archived_traces" }.ToJsonString();
        var expectedDisable = new JsonObject { ["experiment_id"] = experimentId }.ToJsonString();
        var path = $"/api/2.0/managed-evals/experiments/{experimentId}/trace-archival";
        var calls = ManagedEvalsCalls(server);
        calls.Select(r => (r.Method, r.Path, r.Body)).Should().Equal(
            ("POST", path, expectedEnable), ("POST", path, expectedEnable), ("DELETE", path, expectedDisable), ("DELETE", path, expectedDisable));
        calls.Should().OnlyContain(r => r.Authorization == authorization);
        run.Output.Should().Contain("archival job archive-job-1")
            .And.Contain("Enabling again: AlreadyConfigured (HTTP 409 RESOURCE_ALREADY_EXISTS)")
            .And.Contain("Disabling again: NotConfigured (HTTP 404 RESOURCE_DOES_NOT_EXIST)");
        server.ArchiveTable(experimentId).Should().BeNull();
    }

    [Test]
    public async Task DatabricksArchival_ToTheTableItIsGiven_AndATableNameThatIsNotCatalogSchemaTable_ExitsWithTwo_SendingNothing()
    {
        using var server = FakeDatabricksServer.Start().ServeJobs();
        var experimentId = await ExperimentAsync(server);

        var good = await RunAsync("DatabricksArchival", Workspace(server, experimentId), "main.agents.support_traces");
        var bad = await RunAsync("DatabricksArchival", Workspace(server, experimentId), "main.support_traces");

        good.ExitCode.Should().Be(0, good.ToString());
        ManagedEvalsCalls(server).Where(r => r.Method == "POST").Should().HaveCount(2)
            .And.OnlyContain(r => r.Body.Contains("\"archive_table_fullname\":\"main.agents.support_traces\"", StringComparison.Ordinal));
        bad.ExitCode.Should().Be(MissingSettingsExitCode, bad.ToString());
        bad.Errors.Should().Contain("The Delta table name 'main.support_traces' is not valid: it has 2 parts");
        ManagedEvalsCalls(server).Should().HaveCount(4);
    }

    /// <summary>Runs a sample in a scratch folder whose empty <c>home</c> is HOME (with <paramref name="profile"/> as its ~/.databrickscfg).</summary>
    private static async Task<SampleRun> RunAsync(
        string sample, Dictionary<string, string?> environment, string? argument = null, string? profile = null)
    {
        var scratch = Directory.CreateTempSubdirectory("mlflowscorers-dbx-sample-");
        try
        {
            var home = scratch.CreateSubdirectory("home").FullName;
            if (profile is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(home, ".databrickscfg"), profile);
            }

            var variables = new Dictionary<string, string?>(environment) { ["HOME"] = home, ["USERPROFILE"] = home };
            return await SampleProcess.RunAsync(sample, scratch.FullName, variables, argument is null ? [] : [argument]);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The fake workspace's address on 127.0.0.1, as a user would set DATABRICKS_HOST for a loopback workspace.</summary>
    private static string Host(FakeDatabricksServer server) => $"http://127.0.0.1:{new Uri(server.Url).Port}";

    private static Dictionary<string, string?> Workspace(FakeDatabricksServer server, string experimentId) => new()
    {
        ["DATABRICKS_HOST"] = Host(server),
        ["DATABRICKS_TOKEN"] = Token,
        ["MLFLOW_EXPERIMENT_ID"] = experimentId,
    };

    /// <summary>A fresh experiment in the workspace, created as the SDK creates one.</summary>
    private static async Task<string> ExperimentAsync(FakeDatabricksServer server)
    {
        await using var test = await DatabricksTestClient.CreateAsync(server);
        return test.ExperimentId;
    }

    private static List<FakeDatabricksRequest> ManagedEvalsCalls(FakeDatabricksServer server) =>
        server.Requests.Where(r => r.Path.StartsWith(ManagedEvals, StringComparison.Ordinal)).ToList();

    private static void ShouldRequest(JsonObject body, string experimentId, double safetyRate)
    {
        body["experiment_id"]!.GetValue<string>().Should().Be(experimentId);
        body["endpoint_name"]!.GetValue<string>().Should().Be(Endpoint);
        body["scorer_sample_rates"]!.ToJsonString().Should().Be(
            new JsonArray(new JsonObject { ["name"] = "safety_check", ["sample_rate"] = safetyRate }).ToJsonString());
        body.ContainsKey("trace_ids").Should().BeTrue();
        body["trace_ids"].Should().BeNull();
    }

    /// <summary>The ids of the traces that response_length samples at <paramref name="rate"/>.</summary>
    private static HashSet<string> Sampled(IEnumerable<TraceSeed> traces, double rate) =>
        traces.Where(t => ScorerSampling.Select(t.TraceId, [KeyValuePair.Create("response_length", rate)]).Count == 1).Select(t => t.TraceId).ToHashSet();

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static (DateTimeOffset Start, DateTimeOffset End) Window(JsonObject body) =>
        (DateTimeOffset.FromUnixTimeMilliseconds(body["start_timestamp_ms"]!.GetValue<long>()),
         DateTimeOffset.FromUnixTimeMilliseconds(body["end_timestamp_ms"]!.GetValue<long>()));
}
