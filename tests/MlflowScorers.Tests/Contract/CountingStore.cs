using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;

namespace MlflowScorers.Tests.Contract;

/// <summary>Wraps a real store and counts every call, so tests can prove that a refused call did no I/O.</summary>
internal sealed class CountingStore(IScorerStore inner) : IScorerStore
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public int Calls => _calls.Values.Sum();

    public int CallsTo(string method) => _calls.GetValueOrDefault(method);

    public Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        Count(inner.GetCapabilitiesAsync(cancellationToken));

    public Task<StoredScorerVersion> RegisterScorerAsync(string experimentId, string name, string serializedScorer, CancellationToken cancellationToken) =>
        Count(inner.RegisterScorerAsync(experimentId, name, serializedScorer, cancellationToken));

    public Task<IReadOnlyList<StoredScorerVersion>> ListScorersAsync(string experimentId, CancellationToken cancellationToken) =>
        Count(inner.ListScorersAsync(experimentId, cancellationToken));

    public Task<IReadOnlyList<string>> ListScorerNamesAsync(string experimentId, CancellationToken cancellationToken) =>
        Count(inner.ListScorerNamesAsync(experimentId, cancellationToken));

    public Task<IReadOnlyList<StoredScorerVersion>> ListScorerVersionsAsync(string experimentId, string name, CancellationToken cancellationToken) =>
        Count(inner.ListScorerVersionsAsync(experimentId, name, cancellationToken));

    public Task<StoredScorerVersion> GetScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken) =>
        Count(inner.GetScorerAsync(experimentId, name, version, cancellationToken));

    public Task DeleteScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken) =>
        Count(inner.DeleteScorerAsync(experimentId, name, version, cancellationToken));

    public Task<IReadOnlyDictionary<string, StoredSampling>> GetSamplingAsync(
        string experimentId, IReadOnlyList<StoredScorerVersion> scorers, CancellationToken cancellationToken) =>
        Count(inner.GetSamplingAsync(experimentId, scorers, cancellationToken));

    public Task<StoredSampling> SetSamplingAsync(string experimentId, string name, StoredSampling sampling, CancellationToken cancellationToken) =>
        Count(inner.SetSamplingAsync(experimentId, name, sampling, cancellationToken));

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        Count(inner.GetExperimentAsync(experimentId, cancellationToken));

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        Count(inner.GetExperimentByNameAsync(name, cancellationToken));

    public Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken) =>
        Count(inner.CreateExperimentAsync(name, cancellationToken));

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        Count(inner.SetExperimentTagAsync(experimentId, key, value, cancellationToken));

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        Count(inner.DeleteExperimentTagAsync(experimentId, key, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private T Count<T>(T result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        var method = call[(call.IndexOf('.') + 1)..call.IndexOf('(')];
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return result;
    }
}
