using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Creates MLflow 3.6's schema in an empty file, as a 3.6 server would (tables, indexes, the alembic revision and the
/// <c>Default</c> experiment), or checks that an existing file has a schema revision the store knows.
/// </summary>
internal static class LocalSchemaInitializer
{
    private const string OnlineScoringConfigsTable = "online_scoring_configs";

    public static Task<LocalSchema> EnsureAsync(LocalDatabase database, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var tables = await LocalSql.QueryAsync(
                    connection,
                    transaction,
                    "SELECT name FROM sqlite_master WHERE type = 'table'",
                    reader => reader.GetString(0),
                    token).ConfigureAwait(false);
                if (tables.Count == 0)
                {
                    await CreateAsync(connection, transaction, timeProvider, token).ConfigureAwait(false);
                    return new LocalSchema(MlflowSchemaRevisions.Mlflow36, new Version(3, 6), HasOnlineScoringConfigs: false);
                }

                return await ReadExistingAsync(connection, transaction, database.DatabasePath, tables, token).ConfigureAwait(false);
            },
            cancellationToken);

    private static async Task CreateAsync(
        SqliteConnection connection, SqliteTransaction transaction, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await LocalSql.ExecuteAsync(connection, transaction, Mlflow36Schema.Ddl, cancellationToken).ConfigureAwait(false);
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO alembic_version (version_num) VALUES ($revision)",
            cancellationToken,
            ("$revision", MlflowSchemaRevisions.Mlflow36)).ConfigureAwait(false);
        await LocalExperimentQueries.InsertAsync(
            connection, transaction, LocalExperimentQueries.DefaultExperimentId, LocalExperimentQueries.DefaultExperimentName,
            timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LocalSchema> ReadExistingAsync(
        SqliteConnection connection, SqliteTransaction transaction, string path, List<string> tables, CancellationToken cancellationToken)
    {
        if (!tables.Contains("alembic_version", StringComparer.Ordinal))
        {
            throw new MlflowException(
                $"The SQLite file {path} is not an MLflow tracking database: it has tables but no alembic_version table.");
        }

        var revisions = await LocalSql.QueryAsync(
            connection, transaction, "SELECT version_num FROM alembic_version", reader => reader.GetString(0), cancellationToken)
            .ConfigureAwait(false);
        var revision = revisions.Count == 1 ? revisions[0] : string.Join(", ", revisions);
        var version = MlflowSchemaRevisions.MlflowVersionOf(revision)
            ?? throw new MlflowException(
                $"The MLflow database {path} has schema revision '{revision}'. The local store reads and writes MLflow 3.6 "
                + $"(revision {MlflowSchemaRevisions.Mlflow36}) and MLflow 3.11 (revision {MlflowSchemaRevisions.Mlflow311}) "
                + "databases; use a file written by one of those versions, or manage this one through an MLflow server.");
        return new LocalSchema(revision, version, tables.Contains(OnlineScoringConfigsTable, StringComparer.Ordinal));
    }
}
