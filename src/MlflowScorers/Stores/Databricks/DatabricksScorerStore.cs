using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks.Wire;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Transport;

namespace MlflowScorers.Stores.Databricks;

/// <summary>
/// The scorer store of a Databricks workspace: server-run scorers in the managed-evals scheduled-scorer list (spec §8.1),
/// versions through the per-version routes where the workspace has them (detected once), and experiments, experiment tags
/// (where .NET-hosted scorers live), traces and assessments through the workspace's MLflow REST API, which the MLflow server
/// store already speaks. Thread-safe. It does not own the REST client's HTTP client.
/// </summary>
internal sealed partial class DatabricksScorerStore : IScorerStore, ITraceStore
{
    /// <summary>The MLflow version whose Python client reads a workspace's registry: workspaces run a current MLflow.</summary>
    public static readonly Version WorkspaceMlflowVersion = new(3, 11);

    private readonly MlflowRestClient _rest;
    private readonly MlflowServerStore _mlflow;
    private readonly ScorerListWriter _list;
    private readonly StoreCapabilities _capabilities;

    /// <param name="rest">The REST client over the workspace, with its authentication.</param>
    /// <param name="credentials">What authenticates the calls, for descriptions (never the secret).</param>
    /// <param name="timeProvider">The clock.</param>
    public DatabricksScorerStore(MlflowRestClient rest, string credentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        _rest = rest;
        _mlflow = new MlflowServerStore(rest, timeProvider);
        _list = new ScorerListWriter(rest);
        var host = rest.BaseAddress.GetLeftPart(UriPartial.Authority);
        _capabilities = new StoreCapabilities(
            BackendKind.Databricks,
            $"Databricks workspace {host} ({credentials})",
            WorkspaceMlflowVersion,
            SupportsServerSampling: true,
            RequiresGatewayModelToStart: false,
            AcceptsPythonFunctions: true);
    }

    /// <summary>Known without I/O: a workspace always has the scheduled-scorer list.</summary>
    public Task<StoreCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) => Task.FromResult(_capabilities);

    public async Task<StoredScorerVersion> RegisterScorerAsync(
        string experimentId, string name, string serializedScorer, CancellationToken cancellationToken)
    {
        DatabricksScorerRules.CheckPayload(name, serializedScorer);
        var after = await _list.WriteAsync(
            experimentId,
            name,
            current =>
            {
                var previous = ScheduledScorerList.Find(current, name);
                if (previous is null && current.Count >= ScorerValidation.MaxScorersPerExperiment)
                {
                    throw new ScorerLimitExceededException(
                        $"Scorer '{name}' cannot be registered: experiment {experimentId} already has {current.Count} scheduled scorers ({string.Join(", ", current.Select(e => e.Name))}), and Databricks allows at most {ScorerValidation.MaxScorersPerExperiment}. Delete one first.");
                }

                return [.. current.Where(e => e.Name != name), ScheduledScorerList.NewEntry(name, serializedScorer, previous)];
            },
            after => ScheduledScorerList.Find(after, name)?.SerializedScorer == serializedScorer,
            cancellationToken).ConfigureAwait(false);
        return ToStored(experimentId, ScheduledScorerList.Find(after, name)!);
    }

    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorersAsync(string experimentId, CancellationToken cancellationToken) =>
        (await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => ToStored(experimentId, e))
            .ToList();

    public async Task<IReadOnlyList<string>> ListScorerNamesAsync(string experimentId, CancellationToken cancellationToken) =>
        (await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false)).Select(e => e.Name!).ToList();

    public async Task<IReadOnlyDictionary<string, StoredSampling>> GetSamplingAsync(
        string experimentId, IReadOnlyList<StoredScorerVersion> scorers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        var entries = await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, StoredSampling>(StringComparer.Ordinal);
        foreach (var scorer in scorers)
        {
            if (ScheduledScorerList.Find(entries, scorer.Name) is { } entry)
            {
                result[scorer.Name] = ToSampling(entry);
            }
        }

        return result;
    }

    public async Task<StoredSampling> SetSamplingAsync(
        string experimentId, string name, StoredSampling sampling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var after = await _list.WriteAsync(
            experimentId,
            name,
            current =>
            {
                var entry = ScheduledScorerList.Find(current, name) ?? throw NotFound(experimentId, name, version: null);
                return [.. current.Select(e => e == entry ? e with { SampleRate = sampling.SampleRate, FilterString = sampling.FilterString } : e)];
            },
            after => ScheduledScorerList.Find(after, name) is { } e && ToSampling(e) == sampling,
            cancellationToken).ConfigureAwait(false);
        return ToSampling(ScheduledScorerList.Find(after, name)!);
    }

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        _mlflow.GetExperimentAsync(experimentId, cancellationToken);

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        _mlflow.GetExperimentByNameAsync(name, cancellationToken);

    public Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken) =>
        _mlflow.CreateExperimentAsync(name, cancellationToken);

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        _mlflow.SetExperimentTagAsync(experimentId, key, value, cancellationToken);

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        _mlflow.DeleteExperimentTagAsync(experimentId, key, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _versionRoutesLock.Dispose();
        await _mlflow.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The same error, code and message an MLflow server gives for a missing scorer or version.</summary>
    internal static MlflowApiException NotFound(string experimentId, string name, int? version) => new(
        HttpStatusCode.NotFound,
        MlflowErrorCode.ResourceDoesNotExist,
        version is null
            ? $"Scorer with name '{name}' not found for experiment {experimentId}."
            : $"Scorer with name '{name}' and version {version} not found for experiment {experimentId}.");

    /// <summary>A missing <c>sample_rate</c> is 0: the service leaves default values out of its JSON.</summary>
    private static StoredSampling ToSampling(ScorerConfigDto entry) => new(entry.SampleRate ?? 0.0, entry.FilterString);

    /// <summary>Version 0 where the workspace keeps no versions (the entry has none): never guessed as 1.</summary>
    private static StoredScorerVersion ToStored(string experimentId, ScorerConfigDto entry) =>
        new(experimentId, entry.Name!, entry.Version ?? 0, entry.SerializedScorer!, ScorerId: null, CreationTime: null);
}
