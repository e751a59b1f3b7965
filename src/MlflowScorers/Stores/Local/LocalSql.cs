using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>Small helpers that run one parameterised statement and dispose what they create.</summary>
internal static class LocalSql
{
    private const int IdsPerQuery = 500;

    public static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> QueryAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    /// <summary>
    /// Runs a query whose text has an <c>{ids}</c> placeholder for a list of ids, in chunks that stay below SQLite's limit of
    /// parameters, and concatenates the rows.
    /// </summary>
    public static async Task<List<T>> QueryByIdsAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, IEnumerable<string> ids, Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var parameters = chunk.Select((id, i) => ("$id" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
            var text = sql.Replace("{ids}", string.Join(", ", parameters.Select(p => p.Item1)), StringComparison.Ordinal);
            rows.AddRange(await QueryAsync(connection, transaction, text, map, cancellationToken, parameters).ConfigureAwait(false));
        }

        return rows;
    }

    public static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A column of milliseconds since the Unix epoch as a time, or <see langword="null"/>.</summary>
    public static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static SqliteCommand Create(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
