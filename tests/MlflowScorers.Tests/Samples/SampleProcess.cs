using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Samples;

/// <summary>What a sample's run printed and how it ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Errors">Standard error.</param>
internal sealed record SampleRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Both streams, for assertion messages and for checks that do not care which stream a line went to.</summary>
    public string Printed => Output + Errors;

    public override string ToString() => $"exit code {ExitCode}; stdout:\n{Output}\nstderr:\n{Errors}";
}

/// <summary>
/// Runs a sample's built entry point as a child process: in a given folder, with every setting the SDK reads (MLFLOW_*,
/// DATABRICKS_*, ARM_*, OPENAI_*) removed from the inherited environment, then the given variables set, as a user sets them.
/// </summary>
internal static class SampleProcess
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] s_scrubbedPrefixes = ["MLFLOW_", "DATABRICKS_", "ARM_", "OPENAI_"];

    public static async Task<SampleRun> RunAsync(
        string sample, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(EntryPoint(sample));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => s_scrubbedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{sample} did not finish within {s_timeout}; it printed:\n{await output}\n{await errors}");
        }

        return new SampleRun(process.ExitCode, await output, await errors);
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
