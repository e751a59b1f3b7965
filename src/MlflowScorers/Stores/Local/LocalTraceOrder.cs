using System.Collections.Generic;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Translates parsed order clauses into a SQL <c>ORDER BY</c> on <c>trace_info t</c>, as MLflow's SQL store does: traces
/// without the value last in either direction (a <c>value IS NULL</c> key first), strings by code point (SQLite's binary
/// collation of UTF-8).
/// </summary>
internal static class LocalTraceOrder
{
    /// <summary>MLflow's <c>end_time_ms</c>: the start plus the execution time (none counts as 0).</summary>
    public const string EndTimeMs = "(t.timestamp_ms + COALESCE(t.execution_time_ms, 0))";

    public static string OrderBy(IReadOnlyList<TraceOrderClause> clauses, LocalSqlParameters parameters)
    {
        var terms = new List<string>();
        foreach (var clause in clauses)
        {
            var (expression, nullable) = Key(clause, parameters);
            if (nullable)
            {
                terms.Add($"{expression} IS NULL");
            }

            terms.Add(expression + (clause.Ascending ? " ASC" : " DESC"));
        }

        return string.Join(", ", terms);
    }

    private static (string Expression, bool Nullable) Key(TraceOrderClause clause, LocalSqlParameters parameters) => clause.Entity switch
    {
        TraceFilterEntity.Tag => (KeyValue("trace_tags", clause.Key, parameters), true),
        TraceFilterEntity.Metadata => (KeyValue("trace_request_metadata", clause.Key, parameters), true),
        _ => clause.Key switch
        {
            "experiment_id" => ("t.experiment_id", false),
            "timestamp_ms" => ("t.timestamp_ms", false),
            "execution_time_ms" => ("t.execution_time_ms", true),
            "end_time_ms" => (EndTimeMs, false),
            "status" => ("t.status", false),
            _ => ("t.request_id", false),
        },
    };

    /// <summary>A tag's or metadata key's value (a stored NULL as the empty string), or NULL when the trace has none.</summary>
    private static string KeyValue(string table, string key, LocalSqlParameters parameters) =>
        $"(SELECT COALESCE(kv.value, '') FROM {table} kv WHERE kv.request_id = t.request_id AND kv.\"key\" = {parameters.Add(key)})";
}
