using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>Trace tags in MLflow's <c>trace_tags</c> table, set and deleted as MLflow's SQL store does.</summary>
internal static class LocalTraceTags
{
    public static Task SetAsync(LocalDatabase database, string traceId, string key, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction, token) =>
            {
                await RequireTraceAsync(connection, transaction, traceId, token).ConfigureAwait(false);
                await LocalSql.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO trace_tags (\"key\", value, request_id) VALUES ($key, $value, $id) "
                        + "ON CONFLICT (\"key\", request_id) DO UPDATE SET value = excluded.value",
                    token,
                    ("$key", key),
                    ("$value", value),
                    ("$id", traceId)).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public static Task DeleteAsync(LocalDatabase database, string traceId, string key, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction, token) =>
            {
                await RequireTraceAsync(connection, transaction, traceId, token).ConfigureAwait(false);
                var deleted = await LocalSql.ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM trace_tags WHERE request_id = $id AND \"key\" = $key",
                    token,
                    ("$key", key),
                    ("$id", traceId)).ConfigureAwait(false);
                return deleted == 0 ? throw LocalErrors.TraceTagNotFound(traceId, key) : true;
            },
            cancellationToken);

    private static async Task RequireTraceAsync(
        SqliteConnection connection, SqliteTransaction transaction, string traceId,
        CancellationToken cancellationToken)
    {
        var found = await LocalSql.ScalarAsync(
            connection, transaction, "SELECT 1 FROM trace_info WHERE request_id = $id", cancellationToken, ("$id", traceId)).ConfigureAwait(false);
        if (found is null)
        {
            throw LocalErrors.TraceNotFound(traceId);
        }
    }
}
