using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Cli.Tests.Errors;

/// <summary>Every kind of server failure becomes its own exit code and one line with the server's error_code.</summary>
public sealed class ServerErrorTests
{
    private WireMockServer _server = null!;
    private CliHarness _cli = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = LoopbackServer.Start();
        _cli = new CliHarness(LoopbackServer.Address(_server));
    }

    [SetUp]
    public void Reset() => _server.Reset();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [TestCase(401, "UNAUTHENTICATED", ExitCodes.AuthFailure)]
    [TestCase(403, "PERMISSION_DENIED", ExitCodes.AuthFailure)]
    [TestCase(404, "RESOURCE_DOES_NOT_EXIST", ExitCodes.NotFound)]
    [TestCase(400, "INVALID_PARAMETER_VALUE", ExitCodes.BadInput)]
    [TestCase(500, "INTERNAL_ERROR", ExitCodes.ServerError)]
    [TestCase(503, "TEMPORARILY_UNAVAILABLE", ExitCodes.ServerError)]
    [TestCase(409, "ABORTED", ExitCodes.LostRace)]
    public async Task AnyCommand_ServerError_MapsToItsExitCodeWithTheErrorCode(int status, string errorCode, int exitCode)
    {
        AnswerEverything(status, errorCode);

        var run = await _cli.RunAsync("--experiment-id", "1", "get", "safety", "--json");

        run.ExitCode.Should().Be(exitCode, run.Error);
        run.Error.Should().StartWith($"error [{errorCode}]: ").And.Contain("the server says no");
        run.Error.Trim().Split('\n').Should().ContainSingle();
        run.Json["error"]!["error_code"]!.GetValue<string>().Should().Be(errorCode);
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(exitCode);
    }

    [Test]
    public async Task Verbose_WritesTheFullDetailAfterTheOneLine()
    {
        AnswerEverything(500, "INTERNAL_ERROR");

        var run = await _cli.RunAsync("--experiment-id", "1", "list", "--verbose");

        run.ExitCode.Should().Be(ExitCodes.ServerError);
        var lines = run.Error.Trim().Split('\n');
        lines[0].Should().StartWith("error [INTERNAL_ERROR]: ");
        lines.Length.Should().BeGreaterThan(1);
        run.Error.Should().Contain("MlflowScorers.MlflowApiException").And.Contain(" at ");
    }

    [Test]
    public async Task UnreachableServer_IsAServerError()
    {
        var cli = new CliHarness($"http://127.0.0.1:{LoopbackServer.FreePort()}");

        var run = await cli.RunAsync("--experiment-id", "1", "list", "--json");

        run.ExitCode.Should().Be(ExitCodes.ServerError, run.Error);
        run.Json["error"]!["exit_code"]!.GetValue<int>().Should().Be(ExitCodes.ServerError);
    }

    [Test]
    public async Task Doctor_ReportsTheServerVersionAndCapabilities()
    {
        _server.Given(Request.Create().WithPath("/version").UsingGet()).RespondWith(Response.Create().WithBody("3.11.0"));
        _server.Given(Request.Create().WithPath("/api/2.0/mlflow/experiments/get").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"experiment": {"experiment_id": "1", "name": "prod-app", "lifecycle_stage": "active", "tags": []}}"""));
        _server.Given(Request.Create().WithPath("/api/3.0/mlflow/scorers/list").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json").WithBody("{}"));
        _server.Given(Request.Create().WithPath("/api/3.0/mlflow/scorers/online-configs").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json").WithBody("""{"configs": []}"""));

        var run = await _cli.RunAsync("--experiment-id", "1", "doctor", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["mlflow_version"]!.GetValue<string>().Should().Be("3.11.0");
        run.Json["supports_server_sampling"]!.GetValue<bool>().Should().BeTrue();
        run.Json["experiment_name"]!.GetValue<string>().Should().Be("prod-app");
        run.Json["auth_method"]!.GetValue<string>().Should().Be("none");
    }

    private void AnswerEverything(int status, string errorCode) =>
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"error_code": "{{errorCode}}", "message": "the server says no"}"""));
}
