using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// A drift-immune cross-check of the BenchmarkDotNet run: each SDK call and its raw baseline run in alternating blocks of 100
/// calls (raw first in even rounds, SDK first in odd ones), so a slow phase of the machine hits both sides alike and neither
/// always runs second; the median of the per-round ratios is reported.
/// </summary>
internal static class PairedRun
{
    private const int Rounds = 60;

    public static async Task RunAsync()
    {
        Console.WriteLine("Loopback server:");
        await RunAsync(new LifecycleOverheadBenchmarks()).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine("In-memory transport (the clients' CPU alone):");
        await RunAsync(new InMemoryOverheadBenchmarks()).ConfigureAwait(false);
    }

    private static async Task RunAsync(LifecycleOverheadBenchmarks benchmarks)
    {
        await benchmarks.SetupClientsAsync().ConfigureAwait(false);
        try
        {
            var pairs = new (string Name, Func<Task> Raw, Func<Task> Sdk)[]
            {
                ("get", benchmarks.RawGet, benchmarks.SdkGet),
                ("list", benchmarks.RawList, benchmarks.SdkList),
                ("register", benchmarks.RawRegister, benchmarks.SdkRegister),
            };

            // Long enough for tiered compilation to finish with every path in the process, the server's included.
            await ProcessWarmup.RunAsync(benchmarks, TimeSpan.FromSeconds(20)).ConfigureAwait(false);

            Console.WriteLine("| call | raw mean | SDK mean | median ratio | quartiles |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, raw, sdk) in pairs)
            {
                var ratios = new List<double>(Rounds);
                double rawTotal = 0, sdkTotal = 0;
                for (var round = 0; round < Rounds; round++)
                {
                    // A-B then B-A: whichever side runs second in a round (with the other's code and data just evicted from the
                    // caches) alternates, so the order cancels out.
                    double rawBlock, sdkBlock;
                    if (round % 2 == 0)
                    {
                        rawBlock = await TimeBlockAsync(raw).ConfigureAwait(false);
                        sdkBlock = await TimeBlockAsync(sdk).ConfigureAwait(false);
                    }
                    else
                    {
                        sdkBlock = await TimeBlockAsync(sdk).ConfigureAwait(false);
                        rawBlock = await TimeBlockAsync(raw).ConfigureAwait(false);
                    }

                    ratios.Add(sdkBlock / rawBlock);
                    rawTotal += rawBlock;
                    sdkTotal += sdkBlock;
                }

                ratios.Sort();
                Console.WriteLine(
                    $"| {name} | {rawTotal / Rounds:F1} µs | {sdkTotal / Rounds:F1} µs | {ratios[Rounds / 2]:F2} | {ratios[Rounds / 4]:F2}–{ratios[3 * Rounds / 4]:F2} |");
            }
        }
        finally
        {
            await benchmarks.CleanupAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The mean time of one call, in microseconds, over a block of calls.</summary>
    private static async Task<double> TimeBlockAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await CallBatch.RunAsync(call).ConfigureAwait(false);
        return clock.Elapsed.TotalMicroseconds / CallBatch.Size;
    }
}
