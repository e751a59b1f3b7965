using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowScorers.Serialization;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Evaluates parsed trace filter clauses against stored traces as MLflow's SQL store does: a missing tag, metadata key or
/// column never matches (not even <c>!=</c>); span and assessment clauses match when any span or any assessment of that
/// name matches; an assessment value equals a string when its stored JSON is the string or the string JSON-encoded;
/// <c>LIKE</c> is case-sensitive, <c>ILIKE</c> not, <c>RLIKE</c> is a regular-expression search.
/// </summary>
internal static class LocalTraceFilter
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    public static bool NeedsSpans(IEnumerable<TraceFilterClause> clauses) => clauses.Any(c => c.Entity == TraceFilterEntity.Span);

    public static Func<LocalTraceRow, bool> Compile(IReadOnlyList<TraceFilterClause> clauses)
    {
        var predicates = clauses.Select(Compile).ToArray();
        return row => predicates.All(predicate => predicate(row));
    }

    private static Func<LocalTraceRow, bool> Compile(TraceFilterClause clause)
    {
        if (clause.Number is { } number)
        {
            var compare = NumericComparison(clause.Comparator);
            return row => NumericAttribute(row, clause.Key) is { } value && compare(value.CompareTo(number));
        }

        var matches = StringMatcher(clause);
        return clause.Entity switch
        {
            TraceFilterEntity.Attribute => row => StringAttribute(row, clause.Key) is { } value && matches(value),
            TraceFilterEntity.Tag => KeyValue(clause, row => row.Tags, matches),
            TraceFilterEntity.Metadata => KeyValue(clause, row => row.Metadata, matches),
            TraceFilterEntity.Span => row => row.Spans.Any(span => SpanValue(span, clause.Key) is { } value && matches(value)),
            _ => Assessment(clause, matches),
        };
    }

    private static Func<LocalTraceRow, bool> KeyValue(
        TraceFilterClause clause, Func<LocalTraceRow, IReadOnlyDictionary<string, string>> map, Func<string, bool> matches) =>
        clause.Comparator switch
        {
            "IS NULL" => row => !map(row).ContainsKey(clause.Key),
            "IS NOT NULL" => row => map(row).ContainsKey(clause.Key),
            _ => row => map(row).TryGetValue(clause.Key, out var value) && matches(value),
        };

    private static Func<LocalTraceRow, bool> Assessment(TraceFilterClause clause, Func<string, bool> matches)
    {
        var type = clause.Entity == TraceFilterEntity.Expectation ? LocalAssessmentRow.ExpectationType : LocalAssessmentRow.FeedbackType;
        IEnumerable<LocalAssessmentRow> Named(LocalTraceRow row) =>
            row.Assessments.Where(a => a.AssessmentType == type && a.Assessment.Name == clause.Key);
        var encoded = clause.Text is null ? null : PythonJsonText.WriteString(clause.Text);
        return clause.Comparator switch
        {
            "IS NULL" => row => !Named(row).Any(),
            "IS NOT NULL" => row => Named(row).Any(),
            "=" => row => Named(row).Any(a => a.ValueJson == clause.Text || a.ValueJson == encoded),
            "!=" => row => Named(row).Any(a => a.ValueJson != clause.Text && a.ValueJson != encoded),
            _ => row => Named(row).Any(a => matches(a.ValueJson)),
        };
    }

    private static double? NumericAttribute(LocalTraceRow row, string key) => key switch
    {
        "timestamp_ms" => row.TimestampMs,
        "execution_time_ms" => row.ExecutionTimeMs,
        _ => row.EndTimeMs,
    };

    private static string? StringAttribute(LocalTraceRow row, string key) => key switch
    {
        "request_id" => row.RequestId,
        "status" => row.Status,
        _ => row.ClientRequestId,
    };

    private static string? SpanValue(LocalSpanRow span, string key)
    {
        switch (key)
        {
            case "name":
                return span.Name;
            case "type":
                return span.Type;
            case "status":
                return span.Status;
            case TraceFilterKeys.SpanContentKey:
                return span.Content;
        }

        var attribute = key[TraceFilterKeys.SpanAttributesPrefix.Length..];
        using var content = JsonDocument.Parse(span.Content);
        if (!content.RootElement.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object
            || !attributes.TryGetProperty(attribute, out var value))
        {
            return null;
        }

        // MLflow stores each attribute JSON-encoded; a string attribute compares as the string itself.
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        try
        {
            using var decoded = JsonDocument.Parse(text);
            return decoded.RootElement.ValueKind == JsonValueKind.String ? decoded.RootElement.GetString() : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static Func<int, bool> NumericComparison(string comparator) => comparator switch
    {
        "=" => c => c == 0,
        "!=" => c => c != 0,
        ">" => c => c > 0,
        ">=" => c => c >= 0,
        "<" => c => c < 0,
        _ => c => c <= 0,
    };

    private static Func<string, bool> StringMatcher(TraceFilterClause clause)
    {
        var text = clause.Text ?? string.Empty;
        var values = clause.Values ?? [];
        switch (clause.Comparator)
        {
            case "=":
                return value => value == text;
            case "!=":
                return value => value != text;
            case "IN":
                return value => values.Contains(value, StringComparer.Ordinal);
            case "NOT IN":
                return value => !values.Contains(value, StringComparer.Ordinal);
            case "LIKE":
            case "ILIKE":
                var like = new Regex(
                    LikePattern(text),
                    RegexOptions.Singleline | RegexOptions.CultureInvariant | (clause.Comparator == "ILIKE" ? RegexOptions.IgnoreCase : 0),
                    s_regexTimeout);
                return like.IsMatch;
            case "RLIKE":
                return new Regex(text, RegexOptions.CultureInvariant, s_regexTimeout).IsMatch;
            default:
                // IS NULL and IS NOT NULL test whether a key or assessment exists; they compare no value.
                return _ => false;
        }
    }

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
