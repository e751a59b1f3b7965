using System;
using System.Diagnostics;
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
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

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
        var entryPoint = EntryPoint(sample);
        var scratch = Directory.CreateTempSubdirectory("mlflowscorers-sample-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = scratch.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(entryPoint);
            foreach (var name in new[] { "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_JUDGE_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABRICKS_HOST", "DATABRICKS_TOKEN" })
            {
                start.Environment.Remove(name);
            }

            if (trackingUri is not null)
            {
                start.Environment["MLFLOW_TRACKING_URI"] = trackingUri;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new System.Threading.CancellationTokenSource(s_timeout);
            await process.WaitForExitAsync(timeout.Token);

            process.ExitCode.Should().Be(0, "{0} on {1} printed:\n{2}\n{3}", sample, trackingUri ?? "the embedded store", await output, await errors);
            await TestContext.Out.WriteLineAsync(await output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The sample's built assembly, next to this test assembly's own build output (artifacts/bin/{project}/{configuration}).</summary>
    private static string EntryPoint(string sample)
    {
        var testOutput = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var configuration = testOutput.Name;
        var path = Path.Combine(testOutput.Parent!.Parent!.FullName, sample, configuration, sample + ".dll");
        File.Exists(path).Should().BeTrue("the test project builds the samples; {0} should exist", path);
        return path;
    }
}
