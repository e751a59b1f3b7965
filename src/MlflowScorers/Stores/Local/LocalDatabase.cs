using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Opens a connection for each operation (from the pool) and runs writes in <c>BEGIN IMMEDIATE</c> transactions, so that
/// several threads and processes can share one file. SQLite's busy timeout makes a writer wait for another; an operation
/// that still meets SQLITE_BUSY or SQLITE_LOCKED is rolled back and run again, a bounded number of times. Any other SQLite
/// failure surfaces as an <see cref="MlflowException"/> naming the file and the likely cause.
/// </summary>
internal sealed class LocalDatabase
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private const int MaxAttempts = 5;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;

    public LocalDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Runs a read on its own connection.</summary>
    public Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        WithRetryAsync(
            async connection => await read(connection, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    /// <summary>Runs a write in one <c>BEGIN IMMEDIATE</c> transaction on its own connection and commits it.</summary>
    public Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        WithRetryAsync(
            async connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = await write(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            },
            cancellationToken);

    /// <summary>Closes the pooled connections to this file.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static bool IsBusy(SqliteException exception) =>
        (exception.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked;

    private async Task<T> WithRetryAsync<T>(Func<SqliteConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await operation(connection).ConfigureAwait(false);
                }
            }
            catch (SqliteException exception) when (IsBusy(exception) && attempt < MaxAttempts)
            {
                // The transaction was rolled back when it was disposed; run the whole operation again.
            }
            catch (SqliteException exception)
            {
                throw Failure(exception);
            }
        }
    }

    /// <summary>
    /// The SQLite failure as an <see cref="MlflowException"/> that names the file and the likely cause. A missing folder is
    /// reported, never created: a typo in the tracking URI must not make a new database somewhere unexpected.
    /// </summary>
    private MlflowException Failure(SqliteException exception)
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        var (code, cause) = (exception.SqliteErrorCode & 0xFF) switch
        {
            SqliteCantOpen when !string.IsNullOrEmpty(directory) && !Directory.Exists(directory) =>
                (MlflowErrorCode.InvalidParameterValue, $"its folder '{directory}' does not exist; create it, or correct the tracking URI"),
            SqliteCantOpen => (MlflowErrorCode.InvalidParameterValue, "the file cannot be opened; check that the path is a file and that this process may read and write it"),
            SqliteNotADatabase => (MlflowErrorCode.InvalidParameterValue, "the file is not an SQLite database; the tracking URI names some other file"),
            SqliteCorrupt => (MlflowErrorCode.InternalError, "the database file is damaged"),
            SqliteReadOnly => (MlflowErrorCode.InvalidParameterValue, "the file or its folder is read-only; this process needs write access to both (SQLite writes a journal next to the file)"),
            SqliteBusy or SqliteLocked => (MlflowErrorCode.TemporarilyUnavailable, "another connection kept the database locked through every attempt"),
            _ => (MlflowErrorCode.InternalError, "SQLite reported an error"),
        };
        return new MlflowException(code, $"The local MLflow database '{DatabasePath}' failed: {cause} (SQLite: {exception.Message}).", exception);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await LocalSql.ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}", cancellationToken)
                .ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
