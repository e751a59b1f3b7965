using System;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Cli.Commands.Monitoring;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Cli.Tests.Monitoring;

/// <summary><c>monitor</c> and <c>backfill</c> on a temporary local store, with a guidelines judge run in .NET against a
/// loopback OpenAI-compatible endpoint.</summary>
public sealed class MonitorCommandTests
{
    private WireMockServer _judge = null!;
    private TempStore _store = null!;
    private CliHarness _cli = null!;

    [OneTimeSetUp]
    public void StartJudge()
    {
        _judge = LoopbackServer.Start();
        _judge.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"choices": [{"message": {"role": "assistant", "content": "{\"result\": \"yes\", \"rationale\": \"Polite.\"}"}}]}"""));
    }

    [OneTimeTearDown]
    public void StopJudge() => _judge.Dispose();

    [SetUp]
    public async Task RegisterAsync()
    {
        _store = new TempStore();
        _cli = new CliHarness(_store.TrackingUri);
        (await _cli.RunAsync("register", "guidelines", "--name", "polite", "--guideline", "Be polite.", "--host", "dotnet")).ExitCode.Should().Be(ExitCodes.Success);
    }

    [TearDown]
    public void DeleteStore() => _store.Dispose();

    private string[] Judge => ["--judge-model", "openai:/judge", "--judge-base-url", LoopbackServer.Address(_judge) + "/v1/"];

    [Test]
    public async Task Monitor_ScoresNewTracesWithStartedScorersAndReportsTotals()
    {
        await _cli.RunAsync("start", "polite", "--sample-rate", "1");
        var traceIds = await SeededTraces.RecordAsync(_store.TrackingUri, [TimeProvider.System.GetUtcNow().AddMinutes(-2), TimeProvider.System.GetUtcNow().AddMinutes(-1)]);

        var run = await _cli.RunAsync(["monitor", "--max-polls", "2", "--poll-interval", "0", "--json", .. Judge]);

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["polls"]!.GetValue<int>().Should().Be(2);
        run.Json["feedback_written"]!.GetValue<int>().Should().Be(2);
        foreach (var id in traceIds)
        {
            (await _cli.RunAsync("feedback", id, "--json")).Json["feedback"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Should().Equal("polite");
        }

        var doctor = await _cli.RunAsync("doctor", "--json");
        doctor.Json["monitor_scored_up_to"].Should().NotBeNull("the monitor's checkpoints stay in the experiment");
        doctor.Json["monitor_live_instances"]!.GetValue<int>().Should().Be(0, "the monitor left on a clean stop");
        doctor.Json["monitor"]!.GetValue<string>().Should().StartWith("none running; traces scored up to ");
    }

    [Test]
    public async Task Backfill_NameEqualsRate_ScoresPastTracesOnce()
    {
        await SeededTraces.RecordAsync(_store.TrackingUri, [TimeProvider.System.GetUtcNow().AddHours(-3), TimeProvider.System.GetUtcNow().AddHours(-2)]);

        var first = await _cli.RunAsync(["backfill", "polite=1", "--start", "1d", "--json", .. Judge]);
        var again = await _cli.RunAsync(["backfill", "polite=1", "--start", "1d", "--json", .. Judge]);

        first.ExitCode.Should().Be(ExitCodes.Success, first.Error);
        first.Json["feedback_written"]!.GetValue<int>().Should().Be(2);
        again.Json["feedback_written"]!.GetValue<int>().Should().Be(0);
        again.Json["feedback_already_present"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public async Task Backfill_UnknownScorer_IsNotFound()
    {
        var run = await _cli.RunAsync("backfill", "absent");

        run.ExitCode.Should().Be(ExitCodes.NotFound, run.Error);
    }

    [TestCase("polite=2")]
    [TestCase("=0.5")]
    [TestCase("polite=half")]
    public async Task Backfill_BadRate_IsBadInput(string argument)
    {
        var run = await _cli.RunAsync("backfill", argument);

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("is not name=rate");
    }

    [Test]
    public void Parse_NameAlone_KeepsTheRegisteredRate() => BackfillCommand.Parse("polite").Should().Be(("polite", (double?)null));
}
