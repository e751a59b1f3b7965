using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Stores.Local;

/// <summary>Reads MLflow's trace tables: <c>trace_info</c>, <c>trace_tags</c>, <c>trace_request_metadata</c> and <c>spans</c>.</summary>
internal static class LocalTraceQueries
{
    private const string SelectInfo = "SELECT " + LocalTraceRow.Columns + " FROM trace_info";

    /// <summary>
    /// One page of the traces of some experiments that match the filter, in the requested order, with tags, metadata and
    /// assessments (no spans). Filter, order and paging run in SQLite, so a page costs what the rows it reads cost, not the
    /// size of the experiment; the page holds up to <paramref name="limit"/> rows.
    /// </summary>
    public static async Task<List<LocalTraceRow>> SearchAsync(
        SqliteConnection connection, IReadOnlyList<long> experimentIds, IReadOnlyList<TraceFilterClause> filter,
        IReadOnlyList<TraceOrderClause> order, int offset, int limit, CancellationToken cancellationToken)
    {
        if (experimentIds.Count == 0)
        {
            return [];
        }

        LocalTraceSqlFunctions.Register(connection);
        var (sql, parameters) = SearchStatement(experimentIds, filter, order, offset, limit);
        var rows = await LocalSql.QueryAsync(connection, null, sql, LocalTraceRow.Read, cancellationToken, parameters)
            .ConfigureAwait(false);
        return await WithDetailsAsync(connection, null, rows, withSpans: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement <see cref="SearchAsync"/> runs (for at least one experiment), and its parameters.</summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) SearchStatement(
        IReadOnlyList<long> experimentIds, IReadOnlyList<TraceFilterClause> filter, IReadOnlyList<TraceOrderClause> order, int offset,
        int limit)
    {
        var parameters = new LocalSqlParameters();

        // One experiment is an equality, so the (experiment_id, timestamp_ms) index also gives the order.
        var experiments = experimentIds.Count == 1
            ? "t.experiment_id = " + parameters.Add(experimentIds[0])
            : $"t.experiment_id IN ({string.Join(", ", experimentIds.Select(id => parameters.Add(id)))})";
        var sql = $"{SelectInfo} t WHERE {experiments} AND {LocalTraceFilter.Where(filter, parameters)} "
            + $"ORDER BY {LocalTraceOrder.OrderBy(order, parameters)} LIMIT {parameters.Add(limit)} OFFSET {parameters.Add(offset)}";
        return (sql, parameters.ToArray());
    }

    /// <summary>The traces with these ids that exist, with tags, metadata and assessments (and spans when asked).</summary>
    public static async Task<List<LocalTraceRow>> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<string> traceIds, bool withSpans,
        CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryByIdsAsync(
            connection, transaction, SelectInfo + " WHERE request_id IN ({ids})", traceIds, LocalTraceRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return await WithDetailsAsync(connection, transaction, rows, withSpans, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a trace with this id exists.</summary>
    public static async Task<bool> ExistsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string traceId, CancellationToken cancellationToken) =>
        await LocalSql.ScalarAsync(
            connection, transaction, "SELECT 1 FROM trace_info WHERE request_id = $id", cancellationToken, ("$id", traceId))
            .ConfigureAwait(false) is not null;

    /// <summary>Which of these trace ids exist.</summary>
    public static async Task<HashSet<string>> ExistingAsync(
        SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<string> traceIds, CancellationToken cancellationToken) =>
        (await LocalSql.QueryByIdsAsync(
            connection, transaction, "SELECT request_id FROM trace_info WHERE request_id IN ({ids})", traceIds, reader => reader.GetString(0), cancellationToken)
            .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

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
