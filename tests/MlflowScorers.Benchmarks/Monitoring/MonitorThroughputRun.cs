using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring;
using MlflowScorers.Monitoring.Selection;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// The monitor on the local store (<c>--monitor</c>). Throughput: traces scored per second by a trivial code scorer, the
/// monitor (<see cref="ScorerMonitor.PollOnceAsync"/> until every trace has its feedback) against a hand-written loop that
/// searches the same window, reads the same traces, runs the same scorer and writes the same feedback through the same
/// store, one fresh database per run, alternating which goes first; medians, bytes allocated per trace (all threads) and
/// the peak working set. Latency: the monitor at default settings under a steady trickle of new traces, from a trace's end
/// to its feedback's creation time.
/// </summary>
internal static class MonitorThroughputRun
{
    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        await MonitorBench.RunAsync(sizes, async size =>
        {
            var database = await MonitorDatabase.CreateAsync(size).ConfigureAwait(false);
            return (database.Client, database.ExperimentId, database);
        }).ConfigureAwait(false);
        Console.WriteLine();
        await LatencyAsync().ConfigureAwait(false);
    }

    /// <summary>The monitor at default settings, 20 new traces a second for 20 s; trace end to feedback creation.</summary>
    private static async Task LatencyAsync()
    {
        const int PerSecond = 20;
        const int Seconds = 20;
        await using var database = await MonitorDatabase.CreateAsync(0).ConfigureAwait(false);
        var options = new ScorerMonitorOptions();
        options.ExperimentIds.Add(database.ExperimentId);
        options.Scorers.Add(MonitorDatabase.Length);
        await using var monitor = new ScorerMonitor(database.Client, options);
        using var stop = new CancellationTokenSource();
        var running = monitor.RunAsync(stop.Token);
        for (var second = 0; second < Seconds; second++)
        {
            var now = DateTimeOffset.UtcNow;
            await database.AddAsync(Enumerable.Range(second * PerSecond, PerSecond).Select(i => (i, now.AddMilliseconds(-20)))).ConfigureAwait(false);
            await Task.Delay(1000).ConfigureAwait(false);
        }

        var total = PerSecond * Seconds;
        var lags = new List<double>();
        for (var wait = 0; wait < 60 && lags.Count < total; wait++)
        {
            await Task.Delay(1000).ConfigureAwait(false);
            var traces = await database.Client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [database.ExperimentId], PageSize = 500, IncludeSpans = false })
                .ToListAsync().ConfigureAwait(false);
            lags = traces.SelectMany(t => t.Info.Assessments.OfType<Feedback>().Select(f => (f.CreateTime!.Value - (t.Info.RequestTime!.Value + t.Info.ExecutionDuration!.Value)).TotalSeconds)).ToList();
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        var sorted = lags.Order().ToList();
        Console.WriteLine("| latency at default settings (poll 1 s, completion buffer 2 s) | traces | p50 | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| trace end to feedback written, {PerSecond} traces/s for {Seconds} s | {sorted.Count} of {total} | {Percentile(sorted, 0.50):F2} s | {Percentile(sorted, 0.95):F2} s | {sorted[^1]:F2} s |"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
