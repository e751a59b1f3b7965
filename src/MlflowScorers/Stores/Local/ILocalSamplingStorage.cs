using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>Where the local store keeps a scorer's online-scoring config (sample rate and filter), keyed by its scorer id.</summary>
internal interface ILocalSamplingStorage
{
    /// <summary>The scorer's config, or <see langword="null"/> when it has none.</summary>
    Task<StoredSampling?> ReadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string scorerId, CancellationToken cancellationToken);

    /// <summary>Replaces the scorer's config.</summary>
    Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, StoredSampling sampling,
        CancellationToken cancellationToken);

    /// <summary>Removes the scorer's config; removing a missing one does nothing.</summary>
    Task DeleteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, CancellationToken cancellationToken);
}
