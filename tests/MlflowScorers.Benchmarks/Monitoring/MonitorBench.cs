using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Monitoring.Selection;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// What the local and the HTTP monitor benchmarks share: the two sides (the monitor polled until every trace has its feedback,
/// and the hand-written loop), the measurement of one run (wall time, bytes allocated on all threads) and the table.
/// </summary>
internal static class MonitorBench
{
    /// <summary>One fresh backend (a database, or the loopback server re-seeded) with N traces and the scorer started.</summary>
    public delegate Task<(MlflowClient Client, string ExperimentId, IAsyncDisposable Lifetime)> Setup(int traces);

    /// <summary>Rounds per size: 5, 3 and 1 at 1,000, 10,000 and 100,000 traces.</summary>
    public static int RoundsFor(int size) => size <= 1_000 ? 5 : size <= 10_000 ? 3 : 1;

    /// <summary>
    /// Runs every side <see cref="RoundsFor"/> times per size, each round in another order (rotated, so none always goes first
    /// or last), and prints the table rows: the monitor at its defaults, the monitor with one scorer run at a time (its
    /// machinery without its parallelism), and the baseline loop.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<int> sizes, Setup setup)
    {
        var sides = new (string Name, Func<MlflowClient, string, int, Task> Run)[]
        {
            ("monitor", (client, experiment, size) => MonitorAsync(client, experiment, size, maxConcurrency: null)),
            ("monitor, MaxConcurrency = 1", (client, experiment, size) => MonitorAsync(client, experiment, size, maxConcurrency: 1)),
            ("baseline loop", BaselineAsync),
        };
        Console.WriteLine("| traces | implementation | runs | median time | traces/s | ratio to baseline | allocated per trace | peak working set |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var runs = sides.Select(_ => new List<(double Seconds, long Bytes)>()).ToArray();
            for (var round = 0; round < RoundsFor(size); round++)
            {
                for (var turn = 0; turn < sides.Length; turn++)
                {
                    var side = (round + turn) % sides.Length;
                    var (client, experimentId, lifetime) = await setup(size).ConfigureAwait(false);
                    await using (lifetime.ConfigureAwait(false))
                    {
                        runs[side].Add(await MeasureAsync(() => sides[side].Run(client, experimentId, size)).ConfigureAwait(false));
                    }
                }
            }

            var peak = PeakWorkingSetMb();
            var baselineSeconds = Median(runs[^1].Select(r => r.Seconds));
            for (var side = 0; side < sides.Length; side++)
            {
                var seconds = Median(runs[side].Select(r => r.Seconds));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {size:N0} | {sides[side].Name} | {runs[side].Count} | {seconds:F2} s | {size / seconds:F0} | {baselineSeconds / seconds:F2} | {Median(runs[side].Select(r => (double)r.Bytes)) / size / 1024:F1} KB | {peak:F0} MB |"));
            }
        }
    }

    /// <summary>The monitor, polled until every trace has feedback.</summary>
    public static async Task MonitorAsync(MlflowClient client, string experimentId, int size, int? maxConcurrency)
    {
        var options = new ScorerMonitorOptions { InstanceId = "bench", LeaseSettleDelay = TimeSpan.Zero };
        if (maxConcurrency is { } limit)
        {
            options.MaxConcurrency = limit;
        }

        options.ExperimentIds.Add(experimentId);
        options.Scorers.Add(MonitorDatabase.Length);
        await using var monitor = new ScorerMonitor(client, options);
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

    /// <summary>
    /// The hand-written loop through the same client calls: search the window (infos and assessments, no spans), get 100
    /// traces at a time with their spans, run the scorer, write the same feedback with the same metadata one by one.
    /// </summary>
    public static async Task BaselineAsync(MlflowClient client, string experimentId, int size)
    {
        var runner = new ScorerRunner();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var search = new TraceSearchOptions
        {
            ExperimentIds = [experimentId],
            Filter = TraceWindow.Filter(now - (long)TimeSpan.FromHours(1).TotalMilliseconds, now - 2_000, null),
            OrderBy = TraceWindow.Order,
            PageSize = MlflowClient.MaxTracePageSize,
            IncludeSpans = false,
        };
        var ids = new List<string>();
        await foreach (var info in client.SearchTracesAsync(search).ConfigureAwait(false))
        {
            ids.Add(info.TraceId);
        }

        var written = 0;
        foreach (var chunk in ids.Chunk(100))
        {
            foreach (var trace in await client.GetTracesAsync(chunk).ConfigureAwait(false))
            {
                foreach (var feedback in await runner.RunAsync(MonitorDatabase.Length, ScorerContext.FromTrace(trace)).ConfigureAwait(false))
                {
                    var key = trace.TraceId + ":answer_length:1";
                    await client.CreateAssessmentAsync(feedback with
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

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(double Seconds, long Bytes)> MeasureAsync(Func<Task> run)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }
}
