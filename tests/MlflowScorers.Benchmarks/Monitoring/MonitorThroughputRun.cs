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
        Console.WriteLine("| traces | implementation | runs | median time | traces/s | ratio to baseline | allocated per trace | peak working set |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var rounds = size <= 1_000 ? 5 : size <= 10_000 ? 3 : 1;
            var monitor = new List<(double Seconds, long Bytes)>();
            var baseline = new List<(double Seconds, long Bytes)>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var useMonitor in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    await using var database = await MonitorDatabase.CreateAsync(size).ConfigureAwait(false);
                    (useMonitor ? monitor : baseline).Add(await MeasureAsync(database, size, useMonitor ? MonitorAsync : BaselineAsync).ConfigureAwait(false));
                }
            }

            var peak = PeakWorkingSetMb();
            var baselineSeconds = Median(baseline.Select(r => r.Seconds));
            foreach (var (name, runs) in new[] { ("monitor", monitor), ("baseline loop", baseline) })
            {
                var seconds = Median(runs.Select(r => r.Seconds));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {size:N0} | {name} | {runs.Count} | {seconds:F2} s | {size / seconds:F0} | {baselineSeconds / seconds:F2} | {Median(runs.Select(r => (double)r.Bytes)) / size / 1024:F1} KB | {peak:F0} MB |"));
            }
        }

        Console.WriteLine();
        await LatencyAsync().ConfigureAwait(false);
    }

    private static async Task<(double Seconds, long Bytes)> MeasureAsync(MonitorDatabase database, int size, Func<MonitorDatabase, int, Task> run)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run(database, size).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    /// <summary>The monitor, polled until every trace has feedback.</summary>
    private static async Task MonitorAsync(MonitorDatabase database, int size)
    {
        var options = new ScorerMonitorOptions { InstanceId = "bench", LeaseSettleDelay = TimeSpan.Zero };
        options.ExperimentIds.Add(database.ExperimentId);
        options.Scorers.Add(MonitorDatabase.Length);
        await using var monitor = new ScorerMonitor(database.Client, options);
        var written = 0;
        for (var poll = 0; written < size; poll++)
        {
            written += (await monitor.PollOnceAsync().ConfigureAwait(false)).FeedbackWritten;
            if (poll > 20)
            {
                throw new InvalidOperationException($"The monitor wrote {written} of {size} feedback in {poll} polls.");
            }
        }
    }

    /// <summary>The hand-written loop: search the window, read 100 traces at a time, score, write the same feedback one by one.</summary>
    private static async Task BaselineAsync(MonitorDatabase database, int size)
    {
        var runner = new ScorerRunner();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var search = new TraceSearchOptions
        {
            ExperimentIds = [database.ExperimentId],
            Filter = TraceWindow.Filter(now - (long)TimeSpan.FromHours(1).TotalMilliseconds, now - 2_000, null),
            OrderBy = TraceWindow.Order,
            PageSize = MlflowClient.MaxTracePageSize,
            IncludeSpans = false,
        };
        var ids = new List<string>();
        await foreach (var info in database.Client.SearchTracesAsync(search).ConfigureAwait(false))
        {
            ids.Add(info.TraceId);
        }

        var written = 0;
        foreach (var chunk in ids.Chunk(100))
        {
            foreach (var trace in await database.Client.GetTracesAsync(chunk).ConfigureAwait(false))
            {
                foreach (var feedback in await runner.RunAsync(MonitorDatabase.Length, ScorerContext.FromTrace(trace)).ConfigureAwait(false))
                {
                    var key = trace.TraceId + ":answer_length:1";
                    await database.Client.CreateAssessmentAsync(feedback with
                    {
                        TraceId = trace.TraceId,
                        Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [MonitorMetadataKeys.IdempotencyKey] = key,
                            [MonitorMetadataKeys.FeedbackCount] = "1",
                            [MonitorMetadataKeys.ScorerName] = "answer_length",
                            [MonitorMetadataKeys.ScorerVersion] = "1",
                            [MonitorMetadataKeys.Instance] = "bench",
                        },
                    }).ConfigureAwait(false);
                    written++;
                }
            }
        }

        if (written != size)
        {
            throw new InvalidOperationException($"The baseline wrote {written} of {size} feedback.");
        }
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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }
}
