using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Samples;

/// <summary>
/// Every sample in samples/ finishes with exit code 0 on the embedded store and on the stateful fake MLflow 3.6 and 3.11
/// servers (bound to 127.0.0.1), each run in a scratch folder with MLFLOW_TRACKING_URI set as a user would set it. The test
/// project builds the samples (ProjectReference without an assembly reference) and runs their built entry points.
/// </summary>
[Category("Samples")]
[NonParallelizable]
public sealed class SampleRunTests
{
    public static readonly string[] Samples =
        ["Quickstart", "PredefinedScorers", "GuidelinesScorers", "MultipleScorers", "ScorerLifecycle", "Evaluation", "Monitoring"];

    [Test]
    public async Task Sample_OnTheEmbeddedStore_ExitsZero([ValueSource(nameof(Samples))] string sample) =>
        await RunAsync(sample, trackingUri: null);

    [Test]
    public async Task Sample_OnAnMlflowServer_ExitsZero(
        [ValueSource(nameof(Samples))] string sample, [Values(FakeServerVersion.Mlflow36, FakeServerVersion.Mlflow311)] FakeServerVersion version)
    {
        using var server = FakeMlflowServer.Start(version);
        await RunAsync(sample, server.Url);
    }

    private static async Task RunAsync(string sample, string? trackingUri)
    {
        var scratch = Directory.CreateTempSubdirectory("mlflowscorers-sample-");
        try
        {
            var environment = new Dictionary<string, string?>();
            if (trackingUri is not null)
            {
                environment["MLFLOW_TRACKING_URI"] = trackingUri;
            }

            var run = await SampleProcess.RunAsync(sample, scratch.FullName, environment);

            run.ExitCode.Should().Be(0, "{0} on {1} printed:\n{2}\n{3}", sample, trackingUri ?? "the embedded store", run.Output, run.Errors);
            await TestContext.Out.WriteLineAsync(run.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            scratch.Delete(recursive: true);
        }
    }
}
