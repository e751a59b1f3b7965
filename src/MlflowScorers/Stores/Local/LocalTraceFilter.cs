using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MlflowScorers.Serialization;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Translates parsed trace filter clauses into a SQL condition on <c>trace_info t</c>, as MLflow's SQL store does: a missing
/// tag, metadata key or column never matches (not even <c>!=</c>); span and assessment clauses match when any span or any
/// assessment of that name matches (an <c>EXISTS</c> over the rows of that trace); an assessment value equals a string when
/// its stored JSON is the string or the string JSON-encoded; <c>LIKE</c> is case-sensitive, <c>ILIKE</c> not, <c>RLIKE</c> is
/// a regular-expression search (through <see cref="LocalTraceSqlFunctions"/>). Every operand is a parameter.
/// </summary>
internal static class LocalTraceFilter
{
    private const string Never = "0";

    /// <summary>The condition all clauses make together; <c>1</c> for none.</summary>
    public static string Where(IReadOnlyList<TraceFilterClause> clauses, LocalSqlParameters parameters) =>
        clauses.Count == 0 ? "1" : string.Join(" AND ", clauses.Select(c => "(" + Condition(c, parameters) + ")"));

    private static string Condition(TraceFilterClause clause, LocalSqlParameters parameters)
    {
        if (clause.Number is { } number)
        {
            // An integral operand goes in as an integer, so the timestamp index serves a time window.
            object operand = number == Math.Floor(number) && Math.Abs(number) < 9e15 ? (long)number : number;
            return $"{NumericColumn(clause.Key)} {clause.Comparator} {parameters.Add(operand)}";
        }

        return clause.Entity switch
        {
            TraceFilterEntity.Attribute => ValueMatch(StringColumn(clause.Key), clause, parameters),
            TraceFilterEntity.Tag => KeyValue("trace_tags", clause, parameters),
            TraceFilterEntity.Metadata => KeyValue("trace_request_metadata", clause, parameters),
            TraceFilterEntity.Span =>
                $"EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.request_id AND {ValueMatch(SpanColumn(clause.Key, parameters), clause, parameters)})",
            _ => Assessment(clause, parameters),
        };
    }

    /// <summary>A tag or metadata clause; a stored NULL value compares as the empty string.</summary>
    private static string KeyValue(string table, TraceFilterClause clause, LocalSqlParameters parameters)
    {
        var rows = $"SELECT 1 FROM {table} kv WHERE kv.request_id = t.request_id AND kv.\"key\" = {parameters.Add(clause.Key)}";
        return clause.Comparator switch
        {
            "IS NULL" => $"NOT EXISTS ({rows})",
            "IS NOT NULL" => $"EXISTS ({rows})",
            _ => $"EXISTS ({rows} AND {ValueMatch("COALESCE(kv.value, '')", clause, parameters)})",
        };
    }

    private static string Assessment(TraceFilterClause clause, LocalSqlParameters parameters)
    {
        var type = clause.Entity == TraceFilterEntity.Expectation ? LocalAssessmentRow.ExpectationType : LocalAssessmentRow.FeedbackType;
        var named = $"SELECT 1 FROM assessments a WHERE a.trace_id = t.request_id AND a.assessment_type = {parameters.Add(type)} "
            + $"AND a.name = {parameters.Add(clause.Key)}";
        string Encoded() => parameters.Add(PythonJsonText.WriteString(clause.Text!));
        return clause.Comparator switch
        {
            "IS NULL" => $"NOT EXISTS ({named})",
            "IS NOT NULL" => $"EXISTS ({named})",
            "=" => $"EXISTS ({named} AND (a.value = {parameters.Add(clause.Text)} OR a.value = {Encoded()}))",
            "!=" => $"EXISTS ({named} AND a.value != {parameters.Add(clause.Text)} AND a.value != {Encoded()})",
            _ => $"EXISTS ({named} AND {ValueMatch("a.value", clause, parameters)})",
        };
    }

    /// <summary>A string comparison of a column or expression; NULL never matches.</summary>
    private static string ValueMatch(string column, TraceFilterClause clause, LocalSqlParameters parameters)
    {
        switch (clause.Comparator)
        {
            case "=":
            case "!=":
                return $"{column} {clause.Comparator} {parameters.Add(clause.Text)}";
            case "IN":
            case "NOT IN":
                return $"{column} {clause.Comparator} ({string.Join(", ", (clause.Values ?? []).Select(v => parameters.Add(v)))})";
            case "LIKE":
            case "ILIKE":
            case "RLIKE":
                var (pattern, options) = RegexOf(clause);
                return $"{LocalTraceSqlFunctions.RegexMatch}({parameters.Add(pattern)}, {parameters.Add((long)options)}, {column})";
            default:
                // IS NULL and IS NOT NULL test whether a key or assessment exists; they compare no value.
                return Never;
        }
    }

    private static (string Pattern, RegexOptions Options) RegexOf(TraceFilterClause clause)
    {
        var text = clause.Text ?? string.Empty;
        return clause.Comparator switch
        {
            "LIKE" => (LikePattern(text), RegexOptions.Singleline | RegexOptions.CultureInvariant),
            "ILIKE" => (LikePattern(text), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            _ => (text, RegexOptions.CultureInvariant),
        };
    }

    private static string NumericColumn(string key) => key switch
    {
        "timestamp_ms" => "t.timestamp_ms",
        "execution_time_ms" => "t.execution_time_ms",
        _ => LocalTraceOrder.EndTimeMs,
    };

    private static string StringColumn(string key) => key switch
    {
        "request_id" => "t.request_id",
        "status" => "t.status",
        _ => "t.client_request_id",
    };

    private static string SpanColumn(string key, LocalSqlParameters parameters) => key switch
    {
        "name" => "s.name",
        "type" => "s.type",
        "status" => "s.status",
        TraceFilterKeys.SpanContentKey => "s.content",
        _ => $"{LocalTraceSqlFunctions.SpanAttribute}(s.content, {parameters.Add(key[TraceFilterKeys.SpanAttributesPrefix.Length..])})",
    };

    /// <summary>A SQL LIKE pattern as an anchored regular expression: <c>%</c> is any text, <c>_</c> any one character.</summary>
    private static string LikePattern(string like)
    {
        var pattern = new StringBuilder("^");
        foreach (var c in like)
        {
            pattern.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return pattern.Append('$').ToString();
    }
}
