using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Cli.Commands.Doctor;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;

namespace MlflowScorers.Cli.Tests.Doctor;

/// <summary><c>doctor</c> on the local store.</summary>
public sealed class DoctorCommandTests
{
    [Test]
    public async Task Doctor_LocalStore_ReportsBackendExperimentAuthAndScorers()
    {
        using var store = new TempStore();
        var cli = new CliHarness(store.TrackingUri);
        await cli.RunAsync("register", "builtin", "Safety");
        await cli.RunAsync("start", "safety", "--sample-rate", "0.2");

        var run = await cli.RunAsync("doctor", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["backend"]!.GetValue<string>().Should().Contain("local MLflow database");
        run.Json["experiment_id"]!.GetValue<string>().Should().Be("0");
        run.Json["auth_method"]!.GetValue<string>().Should().Be("none (local database)");
        run.Json["scorer_count"]!.GetValue<int>().Should().Be(1);
        run.Json["started_scorer_count"]!.GetValue<int>().Should().Be(1);
        run.Json["monitor"]!.GetValue<string>().Should().Be("no monitor has run on this experiment");

        var table = await cli.RunAsync("doctor");
        table.Output.Should().Contain("auth method").And.Contain("1 registered, 1 started");
    }

    [Test]
    public void RedactedUri_HidesUserInformation()
    {
        DoctorCommand.RedactedUri("https://alice:s3cret@mlflow.example/").Should().Be("https://***@mlflow.example/");
        DoctorCommand.RedactedUri("sqlite:///mlflow.db").Should().Be("sqlite:///mlflow.db");
    }
}
