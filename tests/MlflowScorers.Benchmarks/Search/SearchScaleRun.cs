using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Stores;

namespace MlflowScorers.Benchmarks.Search;

/// <summary>
/// The embedded store at scale (<c>--search</c>): the same searches for 100 traces on an experiment of 1,000 and one of
/// 100,000 traces, in alternating rounds (small first in even rounds, large first in odd ones), for the SDK's SQL search and
/// then for the in-memory baseline it replaced. Reports median time, the ratio of the medians (large / small), bytes allocated
/// per search and the process's peak working set after each implementation's phase.
/// </summary>
internal static class SearchScaleRun
{
    private const int SmallTraces = 1_000;
    private const int LargeTraces = 100_000;
    private const int PageSize = 100;
    private const int SqlRounds = 40;
    private const int BaselineRounds = 4;

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlflowscorers-search-benchmark-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var build = Stopwatch.StartNew();
            await using var small = await SearchDatabase.CreateAsync(folder, SmallTraces).ConfigureAwait(false);
            await using var large = await SearchDatabase.CreateAsync(folder, LargeTraces).ConfigureAwait(false);
            Console.WriteLine($"Built {SmallTraces:N0} and {LargeTraces:N0} traces in {build.Elapsed.TotalSeconds:F1} s.");
            Console.WriteLine();

            var queries = new[] { Query.Filtered, Query.MonitorWindow };
            Console.WriteLine("| search | implementation | median at 1,000 | median at 100,000 | ratio | allocated per search at 1,000 | at 100,000 |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var query in queries)
            {
                await MeasureAsync("SQL (this SDK)", query, small, large, SqlRounds, (db, request) => db.Store.SearchTracesAsync(request, default))
                    .ConfigureAwait(false);
            }

            var sqlPeak = PeakWorkingSetMb();
            foreach (var query in queries)
            {
                await MeasureAsync(
                    "in memory (before)", query, small, large, BaselineRounds, (db, request) => InMemoryTraceSearch.SearchAsync(db.Database, request, default))
                    .ConfigureAwait(false);
            }

            Console.WriteLine();
            Console.WriteLine($"Peak working set: {sqlPeak:F0} MB after the SQL searches, {PeakWorkingSetMb():F0} MB after the in-memory baseline.");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasureAsync(
        string implementation, Query query, SearchDatabase small, SearchDatabase large, int rounds,
        Func<SearchDatabase, TraceSearchRequest, Task<TracePage>> search)
    {
        // Warm-up, and a check that both sizes return a full page of what the query asks for.
        foreach (var database in new[] { small, large })
        {
            for (var i = 0; i < Math.Max(2, rounds / 4); i++)
            {
                var page = await search(database, query.Request(database)).ConfigureAwait(false);
                if (page.Traces.Count != PageSize)
                {
                    throw new InvalidOperationException($"{query.Name} on {database.Traces} traces returned {page.Traces.Count} traces, not {PageSize}.");
                }
            }
        }

        var times = new Dictionary<SearchDatabase, List<double>> { [small] = [], [large] = [] };
        var allocated = new Dictionary<SearchDatabase, long> { [small] = 0, [large] = 0 };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var database in round % 2 == 0 ? new[] { small, large } : [large, small])
            {
                var request = query.Request(database);
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                await search(database, request).ConfigureAwait(false);
                times[database].Add(clock.Elapsed.TotalMilliseconds);
                allocated[database] += GC.GetTotalAllocatedBytes(precise: true) - before;
            }
        }

        var smallMedian = Median(times[small]);
        var largeMedian = Median(times[large]);
        Console.WriteLine(
            $"| {query.Name} | {implementation} | {smallMedian:F2} ms | {largeMedian:F2} ms | {largeMedian / smallMedian:F2} | "
                + $"{Kb(allocated[small] / rounds)} | {Kb(allocated[large] / rounds)} |");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Kb(long bytes) =>
        bytes >= 10 * 1024 * 1024 ? $"{bytes / (1024.0 * 1024):F0} MB" : $"{bytes / 1024.0:F0} KB";

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }

    /// <summary>A search for one page of 100 traces.</summary>
    private sealed record Query(string Name, Func<SearchDatabase, TraceSearchRequest> Request)
    {
        /// <summary>A status and tag filter, newest first (MLflow's default order).</summary>
        public static Query Filtered { get; } = new(
            "`trace.status = 'OK' AND tags.env = 'prod'`",
            db => new TraceSearchRequest([db.ExperimentId], "trace.status = 'OK' AND tags.env = 'prod'", null, PageSize, null));

        /// <summary>
        /// The monitor's poll: a time window of 300 traces (ending 300 traces before the newest), evaluation traces left out, by
        /// time then trace id.
        /// </summary>
        public static Query MonitorWindow { get; } = new(
            "monitor window (300 traces, by time then id)",
            db => new TraceSearchRequest(
                [db.ExperimentId],
                FormattableString.Invariant(
                    $"trace.timestamp_ms >= {SearchDatabase.TimestampOf(db.Traces - 600)} AND trace.timestamp_ms < {SearchDatabase.TimestampOf(db.Traces - 300)}")
                    + " AND metadata.mlflow.sourceRun IS NULL",
                ["timestamp_ms ASC", "request_id ASC"],
                PageSize,
                null));
    }
}
