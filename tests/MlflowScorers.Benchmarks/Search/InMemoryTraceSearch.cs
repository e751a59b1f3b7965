using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Serialization;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Benchmarks.Search;

/// <summary>
/// The baseline: the local store's trace search as it was before it moved into SQL (commit 7024a25), kept here only to be
/// measured against. It loads every trace of the experiments with its tags, metadata and assessments (and spans for span
/// filters), then filters, orders and pages in memory.
/// </summary>
internal static class InMemoryTraceSearch
{
    public static async Task<TracePage> SearchAsync(LocalDatabase database, TraceSearchRequest request, CancellationToken cancellationToken)
    {
        var clauses = TraceFilterParser.Parse(request.Filter);
        var order = Order.Comparer(TraceOrderByParser.Parse(request.OrderBy));
        var offset = LocalPageToken.Parse(request.PageToken);
        var experimentIds = request.ExperimentIds.Select(LocalExperimentQueries.ParseId).OfType<long>().Distinct().ToArray();
        var rows = await database.ReadAsync(
            (connection, token) => Queries.ListAsync(connection, experimentIds, Filter.NeedsSpans(clauses), token),
            cancellationToken).ConfigureAwait(false);
        var matching = rows.Where(Filter.Compile(clauses)).Order(order).ToList();
        var page = matching.Skip(offset).Take(request.MaxResults).Select(r => r.ToTraceInfo()).ToArray();
        var next = offset + request.MaxResults < matching.Count ? LocalPageToken.Create(offset + request.MaxResults) : null;
        return new TracePage(page, next);
    }

    /// <summary>MLflow's <c>end_time_ms</c>: the start plus the execution time (none counts as 0).</summary>
    private static long EndTimeMs(LocalTraceRow row) => row.TimestampMs + (row.ExecutionTimeMs ?? 0);

    private static string AssessmentType(LocalAssessmentRow row) =>
        row.Assessment is Expectation ? LocalAssessmentRow.ExpectationType : LocalAssessmentRow.FeedbackType;

    /// <summary>The value's JSON as the store writes it (the store no longer keeps the column it read; the benchmark runs no assessment filter).</summary>
    private static string ValueJson(LocalAssessmentRow row) =>
        LocalAssessmentRow.ValueColumn(row.Assessment switch { Feedback f => f.Value, Expectation e => e.Value, _ => null });

    private static class Filter
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
                row.Assessments.Where(a => AssessmentType(a) == type && a.Assessment.Name == clause.Key);
            var encoded = clause.Text is null ? null : PythonJsonText.WriteString(clause.Text);
            return clause.Comparator switch
            {
                "IS NULL" => row => !Named(row).Any(),
                "IS NOT NULL" => row => Named(row).Any(),
                "=" => row => Named(row).Any(a => ValueJson(a) == clause.Text || ValueJson(a) == encoded),
                "!=" => row => Named(row).Any(a => ValueJson(a) != clause.Text && ValueJson(a) != encoded),
                _ => row => Named(row).Any(a => matches(ValueJson(a))),
            };
        }

        private static double? NumericAttribute(LocalTraceRow row, string key) => key switch
        {
            "timestamp_ms" => row.TimestampMs,
            "execution_time_ms" => row.ExecutionTimeMs,
            _ => EndTimeMs(row),
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

    private static class Order
    {
        public static Comparer<LocalTraceRow> Comparer(IReadOnlyList<TraceOrderClause> clauses) =>
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
                "end_time_ms" => EndTimeMs(row),
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

    private static class Queries
    {
        private const string SelectInfo = "SELECT " + LocalTraceRow.Columns + " FROM trace_info";

        /// <summary>The traces of some experiments, with tags, metadata and assessments (and spans when asked).</summary>
        public static async Task<List<LocalTraceRow>> ListAsync(
            SqliteConnection connection, IEnumerable<long> experimentIds, bool withSpans, CancellationToken cancellationToken)
        {
            var rows = await LocalSql.QueryByIdsAsync(
                connection,
                null,
                SelectInfo + " WHERE experiment_id IN ({ids})",
                experimentIds.Select(id => id.ToString(CultureInfo.InvariantCulture)),
                LocalTraceRow.Read,
                cancellationToken).ConfigureAwait(false);
            return await WithDetailsAsync(connection, null, rows, withSpans, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<List<LocalTraceRow>> WithDetailsAsync(
            SqliteConnection connection, SqliteTransaction? transaction, List<LocalTraceRow> rows, bool withSpans,
            CancellationToken cancellationToken)
        {
            var ids = rows.Select(r => r.RequestId).ToArray();
            var tags = await KeyValuesAsync(connection, transaction, "trace_tags", ids, cancellationToken).ConfigureAwait(false);
            var metadata = await KeyValuesAsync(connection, transaction, "trace_request_metadata", ids, cancellationToken).ConfigureAwait(false);
            var assessments = await LocalAssessmentQueries.ListAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false);
            var spans = withSpans
                ? (await LocalSql.QueryByIdsAsync(
                    connection,
                    transaction,
                    "SELECT " + LocalSpanRow.Columns + " FROM spans WHERE trace_id IN ({ids}) ORDER BY start_time_unix_nano, span_id",
                    ids,
                    LocalSpanRow.Read,
                    cancellationToken).ConfigureAwait(false)).ToLookup(s => s.TraceId, StringComparer.Ordinal)
                : null;
            return rows.Select(row => row with
            {
                Tags = Map(tags[row.RequestId]),
                Metadata = Map(metadata[row.RequestId]),
                Assessments = assessments[row.RequestId].ToArray(),
                Spans = spans?[row.RequestId].ToArray() ?? [],
            }).ToList();
        }

        private static async Task<ILookup<string, (string Key, string Value)>> KeyValuesAsync(
            SqliteConnection connection, SqliteTransaction? transaction, string table, IEnumerable<string> ids, CancellationToken cancellationToken)
        {
            var rows = await LocalSql.QueryByIdsAsync(
                connection,
                transaction,
                $"SELECT request_id, \"key\", value FROM {table} WHERE request_id IN ({{ids}})",
                ids,
                reader => (Id: reader.GetString(0), Key: reader.GetString(1), Value: LocalSql.NullableString(reader, 2) ?? string.Empty),
                cancellationToken).ConfigureAwait(false);
            return rows.ToLookup(r => r.Id, r => (r.Key, r.Value), StringComparer.Ordinal);
        }

        private static Dictionary<string, string> Map(IEnumerable<(string Key, string Value)> entries) =>
            entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
