using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>Reads MLflow's trace tables: <c>trace_info</c>, <c>trace_tags</c>, <c>trace_request_metadata</c> and <c>spans</c>.</summary>
internal static class LocalTraceQueries
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
