using System;
using System.Collections.Generic;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>Orders stored traces by parsed order clauses as SQLite does: missing values first when ascending, strings by code point.</summary>
internal static class LocalTraceOrder
{
    public static IComparer<LocalTraceRow> Comparer(IReadOnlyList<TraceOrderClause> clauses) =>
        Comparer<LocalTraceRow>.Create((left, right) =>
        {
            foreach (var clause in clauses)
            {
                var result = Compare(Key(clause, left), Key(clause, right));
                if (result != 0)
                {
                    return clause.Ascending ? result : -result;
                }
            }

            return 0;
        });

    private static object? Key(TraceOrderClause clause, LocalTraceRow row) => clause.Entity switch
    {
        TraceFilterEntity.Tag => row.Tags.GetValueOrDefault(clause.Key),
        TraceFilterEntity.Metadata => row.Metadata.GetValueOrDefault(clause.Key),
        _ => clause.Key switch
        {
            "experiment_id" => row.ExperimentId,
            "timestamp_ms" => row.TimestampMs,
            "execution_time_ms" => row.ExecutionTimeMs,
            "end_time_ms" => row.EndTimeMs,
            "status" => row.Status,
            _ => row.RequestId,
        },
    };

    private static int Compare(object? left, object? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        _ => throw new InvalidOperationException("Order keys of different types."),
    };
}
