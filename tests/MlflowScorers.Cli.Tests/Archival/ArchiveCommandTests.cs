using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Cli.Tests.Archival;

/// <summary><c>archive enable</c> / <c>archive disable</c>: against a WireMock standing in for a Databricks workspace, and the
/// local store that cannot archive.</summary>
public sealed class ArchiveCommandTests
{
    private const string Token = "dapi-cli-test-token";
    private const string ArchivalPath = "/api/2.0/managed-evals/experiments/123/trace-archival";

    private WireMockServer _server = null!;
    private CliHarness _cli = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = LoopbackServer.Start();
        _cli = new CliHarness("databricks", o =>
        {
            o.Databricks.Host = LoopbackServer.Address(_server);
            o.Databricks.Token = Token;
        });
    }

    [SetUp]
    public void Reset() => _server.Reset();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task Enable_PostsTheTableForTheExperiment_AndPrintsTheJobId()
    {
        Answer("POST", 200, """{"job_id": "archive-job-7"}""");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "enable", "main.agents.support_traces", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["experiment_id"]!.GetValue<string>().Should().Be("123");
        run.Json["archiving"]!.GetValue<bool>().Should().BeTrue();
        run.Json["table"]!.GetValue<string>().Should().Be("main.agents.support_traces");
        run.Json["job_id"]!.GetValue<string>().Should().Be("archive-job-7");
        var call = _server.LogEntries.Single().RequestMessage;
        call.Method.Should().Be("POST");
        call.Path.Should().Be(ArchivalPath);
        call.Headers!["Authorization"].Single().Should().Be("Bearer " + Token);
        call.Body.Should().Contain("\"archive_table_fullname\":\"main.agents.support_traces\"");
    }

    [Test]
    public async Task Enable_WhenAlreadyConfigured_IsBadInputWithTheServersCode()
    {
        Answer("POST", 409, """{"error_code": "RESOURCE_ALREADY_EXISTS", "message": "Experiment '123' already archives to 'main.agents.first'."}""");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "enable", "main.agents.second");

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.Error);
        run.Error.Should().StartWith("error [RESOURCE_ALREADY_EXISTS]: ").And.Contain("already archives to 'main.agents.first'");
        run.Error.Trim().Split('\n').Should().ContainSingle();
    }

    [Test]
    public async Task Enable_ForAnExperimentTheWorkspaceDoesNotKnow_IsNotFound()
    {
        Answer("POST", 404, """{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Experiment '123' not found."}""");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "enable", "main.agents.traces", "--json");

        run.ExitCode.Should().Be(ExitCodes.NotFound, run.Error);
        run.Json["error"]!["error_code"]!.GetValue<string>().Should().Be("RESOURCE_DOES_NOT_EXIST");
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(ExitCodes.NotFound);
    }

    [TestCase("main.agents")]
    [TestCase("main..traces")]
    [TestCase("main.agents.support/traces")]
    public async Task Enable_TableThatIsNotCatalogSchemaTable_IsBadInputBeforeAnyRequest(string table)
    {
        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "enable", table);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.Error);
        run.Error.Should().StartWith("error [BAD_INPUT]: ").And.Contain(table);
        _server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public async Task Disable_WithYes_DeletesTheArchival()
    {
        Answer("DELETE", 200, "{}");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "disable", "--yes", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["archiving"]!.GetValue<bool>().Should().BeFalse();
        var call = _server.LogEntries.Single().RequestMessage;
        call.Method.Should().Be("DELETE");
        call.Path.Should().Be(ArchivalPath);
    }

    [Test]
    public async Task Disable_WhenNothingIsArchived_IsNotFound()
    {
        Answer("DELETE", 404, """{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "No trace archival configured for experiment '123'."}""");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "disable", "--yes");

        run.ExitCode.Should().Be(ExitCodes.NotFound, run.Error);
        run.Error.Should().StartWith("error [RESOURCE_DOES_NOT_EXIST]: ").And.Contain("No trace archival configured");
    }

    [Test]
    public async Task Disable_WithoutTerminalOrYes_IsRefusedAndSendsNothing()
    {
        Answer("DELETE", 200, "{}");

        var run = await _cli.RunAsync("--experiment-id", "123", "archive", "disable");

        run.ExitCode.Should().Be(ExitCodes.NotConfirmed, run.Error);
        run.Error.Should().StartWith("error [NOT_CONFIRMED]: ").And.Contain("--yes");
        _server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public async Task Disable_DeclinedAtThePrompt_SendsNothing()
    {
        Answer("DELETE", 200, "{}");

        var run = await _cli.RunInteractiveAsync("n\n", "--experiment-id", "123", "archive", "disable");

        run.ExitCode.Should().Be(ExitCodes.NotConfirmed, run.Error);
        run.Error.Should().Contain("Stop archiving the traces of experiment '123' [y/N]");
        _server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public async Task Disable_ConfirmedAtThePrompt_Deletes()
    {
        Answer("DELETE", 200, "{}");

        var run = await _cli.RunInteractiveAsync("y\n", "--experiment-id", "123", "archive", "disable");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Output.Should().Contain("experiment 123 no longer archives its traces");
        _server.LogEntries.Should().ContainSingle();
    }

    [TestCase("enable", "main.agents.traces")]
    [TestCase("disable", "--yes")]
    public async Task LocalStore_IsNotSupportedInOneLine(string subcommand, string argument)
    {
        using var store = new TempStore();
        var cli = new CliHarness(store.TrackingUri);

        var run = await cli.RunAsync("archive", subcommand, argument, "--json");

        run.ExitCode.Should().Be(ExitCodes.Unsupported, run.Error);
        run.Error.Should().StartWith("error [NOT_SUPPORTED]: Trace archival needs a Databricks workspace");
        run.Error.Trim().Split('\n').Should().ContainSingle();
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(ExitCodes.Unsupported);
    }

    private void Answer(string method, int status, string body) =>
        _server.Given(Request.Create().WithPath(ArchivalPath).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
}
