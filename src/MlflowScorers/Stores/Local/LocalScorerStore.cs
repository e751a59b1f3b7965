using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// The scorer store over an MLflow SQLite database opened directly, with an MLflow server's semantics and errors. A new file
/// gets MLflow 3.6's schema; existing MLflow 3.6 and 3.11 files are used as they are. Sampling configs go to 3.11's
/// <c>online_scoring_configs</c> table where it exists, else to an experiment tag. Thread-safe, and safe for several
/// processes on one file. Traces and assessments are in LocalScorerStore.Traces.cs.
/// </summary>
internal sealed partial class LocalScorerStore : IScorerStore
{
    private readonly LocalDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private LocalSchema? _schema;
    private bool _disposed;

    /// <summary>Creates a store over the file at <paramref name="databasePath"/>; the file is opened (or created) on first use.</summary>
    public LocalScorerStore(string databasePath, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = new LocalDatabase(databasePath);
        _timeProvider = timeProvider;
        _traces = new LocalTraceStore(_database, timeProvider);
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath => _database.DatabasePath;

    /// <summary>Creates a store from a tracking URI such as <c>sqlite:///mlflow.db</c> or <c>sqlite:////abs/path.db</c>.</summary>
    public static LocalScorerStore FromUri(string trackingUri, TimeProvider timeProvider) =>
        new(SqliteTrackingUri.ToDatabasePath(trackingUri), timeProvider);

    /// <inheritdoc />
    public async Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var schema = await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return new StoreCapabilities(
            BackendKind.Local,
            $"local MLflow database {DatabasePath}",
            schema.MlflowVersion,
            SupportsServerSampling: true,
            RequiresGatewayModelToStart: false,
            AcceptsPythonFunctions: false);
    }

    /// <inheritdoc />
    public async Task<StoredScorerVersion> RegisterScorerAsync(
        string experimentId, string name, string serializedScorer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(serializedScorer);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                return await LocalScorerQueries.RegisterAsync(
                    connection, transaction, id, name, serializedScorer, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), token)
                    .ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorersAsync(string experimentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            async (connection, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, null, experimentId, token).ConfigureAwait(false);
                return await LocalScorerQueries.ListLatestAsync(connection, null, id, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListScorerNamesAsync(string experimentId, CancellationToken cancellationToken) =>
        (await ListScorersAsync(experimentId, cancellationToken).ConfigureAwait(false)).Select(s => s.Name).ToList();

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorerVersionsAsync(
        string experimentId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(name);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            async (connection, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, null, experimentId, token).ConfigureAwait(false);
                var scorerId = await LocalScorerQueries.FindScorerIdAsync(connection, null, id, name, token).ConfigureAwait(false)
                    ?? throw LocalErrors.ScorerNotFound(experimentId, name);
                return await LocalScorerQueries.ListVersionsAsync(connection, null, scorerId, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredScorerVersion> GetScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(name);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            async (connection, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, null, experimentId, token).ConfigureAwait(false);
                return await LocalScorerQueries.FindVersionAsync(connection, null, id, name, version, token).ConfigureAwait(false)
                    ?? throw NotFound(experimentId, name, version);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(name);
        var sampling = await GetSamplingStorageAsync(cancellationToken).ConfigureAwait(false);
        await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                var scorerId = await LocalScorerQueries.FindScorerIdAsync(connection, transaction, id, name, token).ConfigureAwait(false)
                    ?? throw LocalErrors.ScorerNotFound(experimentId, name);
                if (version is { } one)
                {
                    if (!await LocalScorerQueries.DeleteVersionAsync(connection, transaction, scorerId, one, token).ConfigureAwait(false))
                    {
                        throw LocalErrors.ScorerVersionNotFound(experimentId, name, one);
                    }
                }
                else
                {
                    await sampling.DeleteAsync(connection, transaction, id, scorerId, token).ConfigureAwait(false);
                    await LocalScorerQueries.DeleteAllAsync(connection, transaction, scorerId, token).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, StoredSampling>> GetSamplingAsync(
        string experimentId, IReadOnlyList<StoredScorerVersion> scorers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(scorers);
        var sampling = await GetSamplingStorageAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            async (connection, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, null, experimentId, token).ConfigureAwait(false);
                var result = new Dictionary<string, StoredSampling>(StringComparer.Ordinal);
                foreach (var name in scorers.Select(s => s.Name).Distinct(StringComparer.Ordinal))
                {
                    var scorerId = await LocalScorerQueries.FindScorerIdAsync(connection, null, id, name, token).ConfigureAwait(false);
                    if (scorerId is not null
                        && await sampling.ReadAsync(connection, null, id, scorerId, token).ConfigureAwait(false) is { } config)
                    {
                        result[name] = config;
                    }
                }

                return (IReadOnlyDictionary<string, StoredSampling>)result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredSampling> SetSamplingAsync(
        string experimentId, string name, StoredSampling sampling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(sampling);
        if (!(sampling.SampleRate >= 0.0 && sampling.SampleRate <= 1.0))
        {
            throw LocalErrors.SampleRateOutOfRange(sampling.SampleRate);
        }

        var storage = await GetSamplingStorageAsync(cancellationToken).ConfigureAwait(false);
        return await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                var latest = await LocalScorerQueries.FindVersionAsync(connection, transaction, id, name, null, token).ConfigureAwait(false)
                    ?? throw LocalErrors.ScorerNotFound(experimentId, name);
                await storage.WriteAsync(connection, transaction, id, latest.ScorerId!, sampling, token).ConfigureAwait(false);
                return await storage.ReadAsync(connection, transaction, id, latest.ScorerId!, token).ConfigureAwait(false) ?? sampling;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            async (connection, token) =>
                await LocalExperimentQueries.FindAsync(connection, null, experimentId, token).ConfigureAwait(false)
                ?? throw LocalErrors.ExperimentNotFound(experimentId),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _database.ReadAsync(
            (connection, token) => LocalExperimentQueries.FindByNameAsync(connection, null, name, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        var id = await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                if (await LocalExperimentQueries.FindByNameAsync(connection, transaction, name, token).ConfigureAwait(false) is not null)
                {
                    throw LocalErrors.ExperimentNameExists(name);
                }

                var next = await LocalExperimentQueries.NextIdAsync(connection, transaction, token).ConfigureAwait(false);
                await LocalExperimentQueries.InsertAsync(
                    connection, transaction, next, name, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), token).ConfigureAwait(false);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
        return id.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                await LocalExperimentQueries.SetTagAsync(connection, transaction, id, key, value, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(key);
        await GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                await LocalExperimentQueries.DeleteTagAsync(connection, transaction, id, key, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _database.ClearPool();
            _schemaLock.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static MlflowApiException NotFound(string experimentId, string name, int? version) =>
        version is { } one ? LocalErrors.ScorerVersionNotFound(experimentId, name, one) : LocalErrors.ScorerNotFound(experimentId, name);

    private async Task<ILocalSamplingStorage> GetSamplingStorageAsync(CancellationToken cancellationToken) =>
        (await GetSchemaAsync(cancellationToken).ConfigureAwait(false)).HasOnlineScoringConfigs
            ? OnlineScoringConfigTable.Instance
            : ExperimentTagSampling.Instance;

    private async Task<LocalSchema> GetSchemaAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _schema) is { } known)
        {
            return known;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _schema ??= await LocalSchemaInitializer.EnsureAsync(_database, _timeProvider, cancellationToken).ConfigureAwait(false);
            return _schema;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
