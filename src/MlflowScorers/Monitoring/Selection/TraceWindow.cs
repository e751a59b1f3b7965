using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Monitoring.Selection;

/// <summary>
/// Reads the traces of a time window as MLflow's online scoring does: one search per distinct filter string, each
/// <c>trace.timestamp_ms &gt;= start AND trace.timestamp_ms &lt;= end AND metadata.mlflow.sourceRun IS NULL</c> plus the
/// filter, ordered by <c>timestamp_ms ASC, request_id ASC</c>, with filter, order and paging done by the store, and no cap on
/// the number of traces. The searches are merged lazily into one ordered stream that says which filters each trace matched;
/// scorer traces are left out (<see cref="ScorerTraces.IsScorerTrace"/>).
/// </summary>
internal static class TraceWindow
{
    /// <summary>MLflow's search order for the window.</summary>
    public static readonly IReadOnlyList<string> Order = ["timestamp_ms ASC", "request_id ASC"];

    /// <summary>The search filter of a window with an optional user filter.</summary>
    public static string Filter(long startMs, long endMs, string? userFilter, string? extra = null)
    {
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"trace.timestamp_ms >= {startMs} AND trace.timestamp_ms <= {endMs} AND metadata.mlflow.sourceRun IS NULL");
        if (extra is not null)
        {
            filter += " AND " + extra;
        }

        return string.IsNullOrWhiteSpace(userFilter) ? filter : filter + " AND " + userFilter;
    }

    /// <summary>A trace's timestamp (its start) in Unix milliseconds, as the store's <c>timestamp_ms</c>.</summary>
    public static long TimestampOf(TraceInfo info) => info.RequestTime?.ToUnixTimeMilliseconds() ?? 0;

    /// <summary>The traces of the window in (timestamp, id) order, each with the indexes of the filters it matched.</summary>
    public static async IAsyncEnumerable<(Trace Trace, IReadOnlyList<int> Filters)> ReadAsync(
        IMonitorBackend backend,
        string experimentId,
        IReadOnlyList<string?> filters,
        long startMs,
        long endMs,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        string? extra = null)
    {
        var streams = filters.Select(f => backend.SearchAsync(
            new TraceSearchOptions
            {
                ExperimentIds = [experimentId],
                Filter = Filter(startMs, endMs, f, extra),
                OrderBy = Order,
                PageSize = pageSize,
                IncludeSpans = false,
            },
            cancellationToken).GetAsyncEnumerator(cancellationToken)).ToArray();
        try
        {
            var heads = new Trace?[streams.Length];
            for (var i = 0; i < streams.Length; i++)
            {
                heads[i] = await streams[i].MoveNextAsync().ConfigureAwait(false) ? streams[i].Current : null;
            }

            while (Smallest(heads) is { } next)
            {
                var matched = new List<int>();
                for (var i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } head && head.TraceId == next.TraceId)
                    {
                        matched.Add(i);
                        heads[i] = await streams[i].MoveNextAsync().ConfigureAwait(false) ? streams[i].Current : null;
                    }
                }

                if (!ScorerTraces.IsScorerTrace(next.Info))
                {
                    yield return (next, matched);
                }
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Orders by timestamp, then id (ordinal), as the store's search.</summary>
    public static int Compare(TraceInfo a, TraceInfo b)
    {
        var byTime = TimestampOf(a).CompareTo(TimestampOf(b));
        return byTime != 0 ? byTime : string.CompareOrdinal(a.TraceId, b.TraceId);
    }

    private static Trace? Smallest(Trace?[] heads)
    {
        Trace? smallest = null;
        foreach (var head in heads)
        {
            if (head is not null && (smallest is null || Compare(head.Info, smallest.Info) < 0))
            {
                smallest = head;
            }
        }

        return smallest;
    }
}
