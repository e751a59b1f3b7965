using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>The experiment rows and experiment tags of MLflow's schema, filled the way an MLflow server fills them.</summary>
internal static class LocalExperimentQueries
{
    public const long DefaultExperimentId = 0;
    public const string DefaultExperimentName = "Default";
    private const string ActiveStage = "active";
    private const string Columns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    /// <summary>Parses an experiment id as MLflow's SQL store does (an integer), or returns <see langword="null"/>.</summary>
    public static long? ParseId(string experimentId) =>
        long.TryParse(experimentId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Inserts an active experiment in the default workspace, with MLflow's artifact location for it.</summary>
    public static Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, long id, string name, long nowMs, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
                + "VALUES ($id, $name, $artifactLocation, $stage, $now, $now)",
            cancellationToken,
            ("$id", id),
            ("$name", name),
            ("$artifactLocation", string.Create(CultureInfo.InvariantCulture, $"mlflow-artifacts:/{id}")),
            ("$stage", ActiveStage),
            ("$now", nowMs));

    /// <summary>The next experiment id: one more than the largest.</summary>
    public static async Task<long> NextIdAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        (long)(await LocalSql.ScalarAsync(
            connection, transaction, "SELECT MAX(COALESCE(MAX(experiment_id), 0), 0) + 1 FROM experiments", cancellationToken)
            .ConfigureAwait(false))!;

    /// <summary>The experiment, with its tags, or <see langword="null"/> when no experiment has the id.</summary>
    public static async Task<Experiment?> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string experimentId, CancellationToken cancellationToken)
    {
        if (ParseId(experimentId) is not { } id)
        {
            return null;
        }

        var rows = await LocalSql.QueryAsync(
            connection, transaction, $"SELECT {Columns} FROM experiments WHERE experiment_id = $id", Map, cancellationToken, ("$id", id))
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : await WithTagsAsync(connection, transaction, rows[0], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The experiment of the default workspace with this name, or <see langword="null"/>.</summary>
    public static async Task<Experiment?> FindByNameAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryAsync(
            connection,
            transaction,
            $"SELECT {Columns} FROM experiments WHERE name = $name AND workspace = 'default'",
            Map,
            cancellationToken,
            ("$name", name)).ConfigureAwait(false);
        return rows.Count == 0 ? null : await WithTagsAsync(connection, transaction, rows[0], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The numeric id of an existing, active experiment. Throws MLflow's RESOURCE_DOES_NOT_EXIST when it is missing and
    /// INVALID_PARAMETER_VALUE when it is deleted.
    /// </summary>
    public static async Task<long> RequireActiveAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string experimentId, CancellationToken cancellationToken)
    {
        if (ParseId(experimentId) is not { } id)
        {
            throw LocalErrors.ExperimentNotFound(experimentId);
        }

        var stage = await LocalSql.ScalarAsync(
            connection,
            transaction,
            "SELECT COALESCE(lifecycle_stage, '') FROM experiments WHERE experiment_id = $id",
            cancellationToken,
            ("$id", id)).ConfigureAwait(false) as string;
        return stage switch
        {
            null => throw LocalErrors.ExperimentNotFound(experimentId),
            ActiveStage => id,
            _ => throw LocalErrors.ExperimentNotActive(experimentId, stage),
        };
    }

    public static Task SetTagAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string key, string value, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO experiment_tags (\"key\", value, experiment_id) VALUES ($key, $value, $experimentId) "
                + "ON CONFLICT (\"key\", experiment_id) DO UPDATE SET value = excluded.value",
            cancellationToken,
            ("$key", key),
            ("$value", value),
            ("$experimentId", experimentId));

    public static Task DeleteTagAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string key, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM experiment_tags WHERE \"key\" = $key AND experiment_id = $experimentId",
            cancellationToken,
            ("$key", key),
            ("$experimentId", experimentId));

    public static async Task<string?> GetTagAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string key, CancellationToken cancellationToken) =>
        await LocalSql.ScalarAsync(
            connection,
            transaction,
            "SELECT value FROM experiment_tags WHERE \"key\" = $key AND experiment_id = $experimentId",
            cancellationToken,
            ("$key", key),
            ("$experimentId", experimentId)).ConfigureAwait(false) as string;

    private static async Task<Experiment> WithTagsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, Experiment experiment, CancellationToken cancellationToken)
    {
        var tags = await LocalSql.QueryAsync(
            connection,
            transaction,
            "SELECT \"key\", value FROM experiment_tags WHERE experiment_id = $id",
            reader => KeyValuePair.Create(reader.GetString(0), LocalSql.NullableString(reader, 1) ?? string.Empty),
            cancellationToken,
            ("$id", ParseId(experiment.ExperimentId)!.Value)).ConfigureAwait(false);
        return experiment with { Tags = tags.ToDictionary(StringComparer.Ordinal) };
    }

    private static Experiment Map(SqliteDataReader reader) => new()
    {
        ExperimentId = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
        Name = reader.GetString(1),
        ArtifactLocation = LocalSql.NullableString(reader, 2),
        LifecycleStage = LocalSql.NullableString(reader, 3),
        CreationTime = LocalSql.NullableTime(reader, 4),
        LastUpdateTime = LocalSql.NullableTime(reader, 5),
    };
}
