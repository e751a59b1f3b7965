using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Stores.MlflowServer.Wire;
using MlflowScorers.Transport;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>
/// The scorer and trace store of an MLflow tracking server (3.6 and later), sending exactly the requests MLflow's Python client
/// sends. Thread-safe. It does not own the REST client's <see cref="HttpClient"/>.
/// </summary>
internal sealed partial class MlflowServerStore : IScorerStore, ITraceStore
{
    private static readonly MlflowServerJsonContext s_json = MlflowServerJsonContext.Default;

    private readonly MlflowRestClient _rest;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _capabilitiesLock = new(1, 1);
    private volatile StoreCapabilities? _capabilities;

    public MlflowServerStore(MlflowRestClient rest, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        _rest = rest;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The REST client this store sends through.</summary>
    public MlflowRestClient Rest => _rest;

    public async Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        if (_capabilities is { } cached)
        {
            return cached;
        }

        await _capabilitiesLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _capabilities ??= await ServerCapabilityProbe.DetectAsync(_rest, _logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _capabilitiesLock.Release();
        }
    }

    public async Task<StoredScorerVersion> RegisterScorerAsync(
        string experimentId, string name, string serializedScorer, CancellationToken cancellationToken)
    {
        var response = await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.RegisterScorer,
            new RegisterScorerRequest(experimentId, name, serializedScorer),
            s_json.RegisterScorerRequest,
            s_json.RegisterScorerResponse,
            nonIdempotent: true,
            cancellationToken).ConfigureAwait(false);
        return WireMapper.ToStored(response, experimentId, name, serializedScorer);
    }

    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorersAsync(string experimentId, CancellationToken cancellationToken) =>
        ToStored(await ListAsync(experimentId, s_json.ScorerListResponse, cancellationToken).ConfigureAwait(false), experimentId, MlflowServerPaths.ListScorers);

    public async Task<IReadOnlyList<string>> ListScorerNamesAsync(string experimentId, CancellationToken cancellationToken) =>
        ((await ListAsync(experimentId, s_json.ScorerNameListResponse, cancellationToken).ConfigureAwait(false)).Scorers ?? [])
            .Select(dto => WireMapper.Required(dto.ScorerName, "scorer_name", MlflowServerPaths.ListScorers))
            .ToList();

    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorerVersionsAsync(
        string experimentId, string name, CancellationToken cancellationToken)
    {
        var response = await _rest.GetAsync(
            MlflowServerPaths.ListScorerVersions,
            [Pair("experiment_id", experimentId), Pair("name", name)],
            s_json.ScorerListResponse,
            cancellationToken).ConfigureAwait(false);
        return ToStored(response, experimentId, MlflowServerPaths.ListScorerVersions);
    }

    public async Task<StoredScorerVersion> GetScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> query = [Pair("experiment_id", experimentId), Pair("name", name)];
        if (version is { } v)
        {
            query.Add(Pair("version", v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var response = await _rest.GetAsync(MlflowServerPaths.GetScorer, query, s_json.GetScorerResponse, cancellationToken)
            .ConfigureAwait(false);
        var scorer = WireMapper.Required(response.Scorer, "scorer", MlflowServerPaths.GetScorer);
        return WireMapper.ToStored(scorer, experimentId, MlflowServerPaths.GetScorer);
    }

    public async Task DeleteScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Delete,
            MlflowServerPaths.DeleteScorer,
            new DeleteScorerRequest(experimentId, name, version),
            s_json.DeleteScorerRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<string, StoredSampling>> GetSamplingAsync(
        string experimentId, IReadOnlyList<StoredScorerVersion> scorers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        var namesById = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scorer in scorers)
        {
            if (scorer.ScorerId is { } id)
            {
                namesById[id] = scorer.Name;
            }
        }

        var result = new Dictionary<string, StoredSampling>(StringComparer.Ordinal);
        if (namesById.Count == 0)
        {
            return result;
        }

        var response = await _rest.GetAsync(
            MlflowServerPaths.OnlineConfigs,
            namesById.Keys.Select(id => Pair("scorer_ids", id)),
            s_json.OnlineConfigsResponse,
            cancellationToken).ConfigureAwait(false);
        foreach (var config in response.Configs ?? [])
        {
            if (config.ScorerId is { } id && namesById.TryGetValue(id, out var name))
            {
                result[name] = WireMapper.ToStored(config);
            }
        }

        return result;
    }

    public async Task<StoredSampling> SetSamplingAsync(
        string experimentId, string name, StoredSampling sampling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var response = await _rest.SendAsync(
            HttpMethod.Put,
            MlflowServerPaths.OnlineConfig,
            new OnlineConfigRequest(experimentId, name, sampling.SampleRate, sampling.FilterString),
            s_json.OnlineConfigRequest,
            s_json.OnlineConfigResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
        return WireMapper.ToStored(WireMapper.Required(response.Config, "config", MlflowServerPaths.OnlineConfig));
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var response = await _rest.GetAsync(
            MlflowServerPaths.GetExperiment,
            [Pair("experiment_id", experimentId)],
            s_json.GetExperimentResponse,
            cancellationToken).ConfigureAwait(false);
        var experiment = WireMapper.Required(response.Experiment, "experiment", MlflowServerPaths.GetExperiment);
        return WireMapper.ToExperiment(experiment, MlflowServerPaths.GetExperiment);
    }

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _rest.GetAsync(
                MlflowServerPaths.GetExperimentByName,
                [Pair("experiment_name", name)],
                s_json.GetExperimentResponse,
                cancellationToken).ConfigureAwait(false);
            var experiment = WireMapper.Required(response.Experiment, "experiment", MlflowServerPaths.GetExperimentByName);
            return WireMapper.ToExperiment(experiment, MlflowServerPaths.GetExperimentByName);
        }
        catch (MlflowApiException ex) when (ex.ErrorCode == MlflowErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }

    public async Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken)
    {
        var response = await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.CreateExperiment,
            new CreateExperimentRequest(name),
            s_json.CreateExperimentRequest,
            s_json.CreateExperimentResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
        return WireMapper.Required(response.ExperimentId, "experiment_id", MlflowServerPaths.CreateExperiment);
    }

    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.SetExperimentTag,
            new SetExperimentTagRequest(experimentId, key, value),
            s_json.SetExperimentTagRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);

    public async Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.DeleteExperimentTag,
            new DeleteExperimentTagRequest(experimentId, key),
            s_json.DeleteExperimentTagRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        _capabilitiesLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static List<StoredScorerVersion> ToStored(ScorerListResponse response, string experimentId, string endpoint) =>
        (response.Scorers ?? []).Select(dto => WireMapper.ToStored(dto, experimentId, endpoint)).ToList();

    /// <summary>The experiment's list reply, read as <typeparamref name="T"/>: whole, or only what a caller needs.</summary>
    private Task<T> ListAsync<T>(string experimentId, JsonTypeInfo<T> replyType, CancellationToken cancellationToken) =>
        _rest.GetAsync(MlflowServerPaths.ListScorers, [Pair("experiment_id", experimentId)], replyType, cancellationToken);

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
