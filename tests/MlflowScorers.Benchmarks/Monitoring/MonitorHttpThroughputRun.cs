using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// The monitor against a loopback MLflow-shaped server (<c>--monitor-http</c>): the same two sides as the local benchmark,
/// through a client on <c>http://127.0.0.1</c>. The server (<see cref="MonitorHttpServer"/>) runs in a child process, is
/// re-seeded with N fresh traces before every run, and the scorer is registered and started through the client (which also
/// detects the server) before the clock starts. Bytes allocated and the working set are the client process's.
/// </summary>
internal static class MonitorHttpThroughputRun
{
    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        using var server = StartServer(out var url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        try
        {
            await MonitorBench.RunAsync(sizes, async size =>
            {
                using (var reset = await http.PostAsync(new Uri($"/bench/reset?traces={size}", UriKind.Relative), null).ConfigureAwait(false))
                {
                    reset.EnsureSuccessStatusCode();
                }

                var client = new MlflowClient(new MlflowClientOptions { TrackingUri = url, ReadEnvironment = false });
                await (await client.RegisterAsync(MonitorDatabase.Length, experimentId: BenchTraceIndex.ExperimentId).ConfigureAwait(false))
                    .StartAsync(client, new ScorerSamplingConfig(1.0)).ConfigureAwait(false);
                return (client, BenchTraceIndex.ExperimentId, client);
            }).ConfigureAwait(false);
        }
        finally
        {
            server.StandardInput.Close();
            await server.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>This program again, as the server; its first line of output is its address.</summary>
    private static Process StartServer(out string url)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(MonitorHttpThroughputRun).Assembly.Location);
        }

        info.ArgumentList.Add("--monitor-http-server");
        var process = Process.Start(info)!;
        url = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The benchmark server did not start.");
        return process;
    }
}
