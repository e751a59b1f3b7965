using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// MLflow 3.11's <c>online_scoring_configs</c> table, with its semantics: an upsert replaces the scorer's config with a new
/// row whose id is 32 lowercase hex characters, and carries the experiment id.
/// </summary>
internal sealed class OnlineScoringConfigTable : ILocalSamplingStorage
{
    public static OnlineScoringConfigTable Instance { get; } = new();

    public async Task<StoredSampling?> ReadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string scorerId, CancellationToken cancellationToken)
    {
        var rows = await LocalSql.QueryAsync(
            connection,
            transaction,
            "SELECT sample_rate, filter_string FROM online_scoring_configs WHERE scorer_id = $scorerId",
            reader => new StoredSampling(reader.GetDouble(0), LocalSql.NullableString(reader, 1)),
            cancellationToken,
            ("$scorerId", scorerId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, StoredSampling sampling,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        await DeleteAsync(connection, transaction, experimentId, scorerId, cancellationToken).ConfigureAwait(false);
        await LocalSql.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO online_scoring_configs (online_scoring_config_id, scorer_id, sample_rate, experiment_id, filter_string) "
                + "VALUES ($id, $scorerId, $sampleRate, $experimentId, $filterString)",
            cancellationToken,
            ("$id", Guid.NewGuid().ToString("N")),
            ("$scorerId", scorerId),
            ("$sampleRate", sampling.SampleRate),
            ("$experimentId", experimentId),
            ("$filterString", sampling.FilterString)).ConfigureAwait(false);
    }

    public Task DeleteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, CancellationToken cancellationToken) =>
        LocalSql.ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM online_scoring_configs WHERE scorer_id = $scorerId",
            cancellationToken,
            ("$scorerId", scorerId));
}
