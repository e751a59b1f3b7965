using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Stores;

/// <summary>
/// The contract every backend implements: the scorer registry, sampling configs and experiments, in MLflow's own terms.
/// Errors are <see cref="MlflowApiException"/> with MLflow's error codes and messages (the local store uses the same codes, messages
/// and HTTP statuses as an MLflow server). Implementations are thread-safe.
/// </summary>
internal interface IScorerStore : IAsyncDisposable
{
    /// <summary>Detects what the backend can do. Called once per client; the result is cached by the caller.</summary>
    Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken);

    /// <summary>Adds a version of a scorer (version 1 for a new name, else latest + 1).</summary>
    Task<StoredScorerVersion> RegisterScorerAsync(string experimentId, string name, string serializedScorer, CancellationToken cancellationToken);

    /// <summary>The latest version of every scorer of the experiment, ordered by name; empty when there are none.</summary>
    Task<IReadOnlyList<StoredScorerVersion>> ListScorersAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>
    /// The names of the experiment's registered scorers, what a registration's checks need, without reading their payloads.
    /// </summary>
    Task<IReadOnlyList<string>> ListScorerNamesAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>Every version of one scorer, ascending. Throws RESOURCE_DOES_NOT_EXIST when the name is unknown.</summary>
    Task<IReadOnlyList<StoredScorerVersion>> ListScorerVersionsAsync(string experimentId, string name, CancellationToken cancellationToken);

    /// <summary>One version, or the latest when <paramref name="version"/> is null. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task<StoredScorerVersion> GetScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken);

    /// <summary>Deletes one version, or every version (and the sampling config) when <paramref name="version"/> is null.</summary>
    Task DeleteScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken);

    /// <summary>
    /// The sampling configs of the given scorers, keyed by scorer name. A scorer without a config is absent from the result.
    /// Only called when <see cref="StoreCapabilities.SupportsServerSampling"/> is true.
    /// </summary>
    Task<IReadOnlyDictionary<string, StoredSampling>> GetSamplingAsync(
        string experimentId, IReadOnlyList<StoredScorerVersion> scorers, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a registered scorer's sampling config and returns what the backend stored.
    /// Only called when <see cref="StoreCapabilities.SupportsServerSampling"/> is true.
    /// </summary>
    Task<StoredSampling> SetSamplingAsync(string experimentId, string name, StoredSampling sampling, CancellationToken cancellationToken);

    /// <summary>An experiment by id, with its tags. Throws RESOURCE_DOES_NOT_EXIST when missing.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>An experiment by name, or <see langword="null"/> when none has it.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates an experiment and returns its id.</summary>
    Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets (adds or replaces) an experiment tag.</summary>
    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken);

    /// <summary>Removes an experiment tag; removing a missing tag is not an error.</summary>
    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken);
}
