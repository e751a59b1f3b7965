using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// Runs every SDK and baseline call for a while, once per process, before the first benchmark. Tiered compilation of the
/// in-process server, the client and the SDK goes on for about 15 seconds on a 2-core machine; without this the first benchmarks
/// of a run are measured while it competes for the cores, which skews their ratios either way.
/// </summary>
internal static class ProcessWarmup
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static bool s_done;

    public static async Task RunOnceAsync(TimeSpan duration)
    {
        await s_gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (s_done)
            {
                return;
            }

            var calls = new LifecycleOverheadBenchmarks();
            await calls.SetupClientsAsync().ConfigureAwait(false);
            await RunAsync(calls, duration).ConfigureAwait(false);
            await calls.CleanupAsync().ConfigureAwait(false);
            s_done = true;
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>Makes every call of <paramref name="calls"/>, raw and SDK in turn, for <paramref name="duration"/>.</summary>
    public static async Task RunAsync(LifecycleOverheadBenchmarks calls, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await calls.RawGet().ConfigureAwait(false);
            await calls.SdkGet().ConfigureAwait(false);
            await calls.RawList().ConfigureAwait(false);
            await calls.SdkList().ConfigureAwait(false);
            await calls.RawRegister().ConfigureAwait(false);
            await calls.SdkRegister().ConfigureAwait(false);
        }
    }
}
