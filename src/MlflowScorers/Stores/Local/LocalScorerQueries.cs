using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// MLflow's scorer registry tables: <c>scorers</c> (one row per name, with a dashed UUID <c>scorer_id</c>) and
/// <c>scorer_versions</c> (one row per version). A name whose versions were all deleted one by one keeps its row and
/// its id, and lists nothing, as in MLflow.
/// </summary>
internal static class LocalScorerQueries
{
    private const string Select =
        "SELECT s.experiment_id, s.scorer_name, v.scorer_version, v.serialized_scorer, s.scorer_id, v.creation_time "
        + "FROM scorers s JOIN scorer_versions v ON v.scorer_id = s.scorer_id ";

    private const string IsLatest =
        "v.scorer_version = (SELECT MAX(scorer_version) FROM scorer_versions WHERE scorer_id = s.scorer_id)";

    public static Task<List<StoredScorerVersion>> ListLatestAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, CancellationToken cancellationToken) =>
        LocalSql.QueryAsync(
            connection,
            transaction,
            Select + $"WHERE s.experiment_id = $experimentId AND {IsLatest} ORDER BY s.scorer_name",
            Map,
            cancellationToken,
            ("$experimentId", experimentId));

    public static Task<List<StoredScorerVersion>> ListVersionsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string scorerId, CancellationToken cancellationToken) =>
        LocalSql.QueryAsync(
            connection,
            transaction,
            Select + "WHERE s.scorer_id = $scorerId ORDER BY v.scorer_version",
            Map,
            cancellationToken,
            ("$scorerId", scorerId));

    /// <summary>One version, or the latest when <paramref name="version"/> is null; <see langword="null"/> when there is none.</summary>
    public static async Task<StoredScorerVersion?> FindVersionAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryAsync(
            connection,
            transaction,
            Select + "WHERE s.experiment_id = $experimentId AND s.scorer_name = $name AND "
                + (version is null ? IsLatest : "v.scorer_version = $version"),
            Map,
            cancellationToken,
            ("$experimentId", experimentId),
            ("$name", name),
            ("$version", version)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The scorer id of a name, whether or not it still has versions; <see langword="null"/> for an unknown name.</summary>
    public static async Task<string?> FindScorerIdAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string name, CancellationToken cancellationToken) =>
        await LocalSql.ScalarAsync(
            connection,
            transaction,
            "SELECT scorer_id FROM scorers WHERE experiment_id = $experimentId AND scorer_name = $name",
            cancellationToken,
            ("$experimentId", experimentId),
            ("$name", name)).ConfigureAwait(false) as string;

    /// <summary>Adds version max + 1 of the name (creating its row with a new id for a new name). Run inside a write transaction.</summary>
    public static async Task<StoredScorerVersion> RegisterAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string name, string serializedScorer, long nowMs,
        CancellationToken cancellationToken)
    {
        var scorerId = await FindScorerIdAsync(connection, transaction, experimentId, name, cancellationToken).ConfigureAwait(false);
        if (scorerId is null)
        {
            scorerId = Guid.NewGuid().ToString("D");
            await LocalSql.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO scorers (experiment_id, scorer_name, scorer_id) VALUES ($experimentId, $name, $scorerId)",
                cancellationToken,
                ("$experimentId", experimentId),
                ("$name", name),
                ("$scorerId", scorerId)).ConfigureAwait(false);
        }

        var version = Convert.ToInt32(
            await LocalSql.ScalarAsync(
                connection,
                transaction,
                "SELECT COALESCE(MAX(scorer_version), 0) + 1 FROM scorer_versions WHERE scorer_id = $scorerId",
                cancellationToken,
                ("$scorerId", scorerId)).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO scorer_versions (scorer_id, scorer_version, serialized_scorer, creation_time) "
                + "VALUES ($scorerId, $version, $serializedScorer, $now)",
            cancellationToken,
            ("$scorerId", scorerId),
            ("$version", version),
            ("$serializedScorer", serializedScorer),
            ("$now", nowMs)).ConfigureAwait(false);
        return new StoredScorerVersion(
            experimentId.ToString(CultureInfo.InvariantCulture), name, version, serializedScorer, scorerId,
            DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
    }

    /// <summary>Deletes one version; returns whether it existed. The name's row stays, as in MLflow.</summary>
    public static async Task<bool> DeleteVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, string scorerId, int version, CancellationToken cancellationToken) =>
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM scorer_versions WHERE scorer_id = $scorerId AND scorer_version = $version",
            cancellationToken,
            ("$scorerId", scorerId),
            ("$version", version)).ConfigureAwait(false) > 0;

    /// <summary>Deletes every version of the scorer and its row.</summary>
    public static async Task DeleteAllAsync(
        SqliteConnection connection, SqliteTransaction transaction, string scorerId, CancellationToken cancellationToken)
    {
        await LocalSql.ExecuteAsync(
            connection, transaction, "DELETE FROM scorer_versions WHERE scorer_id = $scorerId", cancellationToken, ("$scorerId", scorerId))
            .ConfigureAwait(false);
        await LocalSql.ExecuteAsync(
            connection, transaction, "DELETE FROM scorers WHERE scorer_id = $scorerId", cancellationToken, ("$scorerId", scorerId))
            .ConfigureAwait(false);
    }

    private static StoredScorerVersion Map(SqliteDataReader reader) => new(
        reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetString(3),
        reader.GetString(4),
        LocalSql.NullableTime(reader, 5));
}
