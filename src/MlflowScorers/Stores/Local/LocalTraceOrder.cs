using System;
using System.Collections.Generic;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Orders stored traces by parsed order clauses as MLflow's SQL store does: traces without the value last in either direction,
/// strings by code point.
/// </summary>
internal static class LocalTraceOrder
{
    public static IComparer<LocalTraceRow> Comparer(IReadOnlyList<TraceOrderClause> clauses) =>
        Comparer<LocalTraceRow>.Create((left, right) =>
        {
            foreach (var clause in clauses)
            {
                var (a, b) = (Key(clause, left), Key(clause, right));
                var result = (a, b) switch
                {
                    (null, null) => 0,
                    (null, _) => 1,
                    (_, null) => -1,
                    _ => clause.Ascending ? Compare(a, b) : -Compare(a, b),
                };
                if (result != 0)
                {
                    return result;
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

    private static int Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        _ => throw new InvalidOperationException("Order keys of different types."),
    };
}
