using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Diagnostics;
using MlflowScorers.Serialization;
using MlflowScorers.Stores;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>
    /// Registers a scorer in an experiment, as Python's <c>scorer.register(name=...)</c>. Registering a name again adds a version.
    /// A server-run scorer goes into the backend's scorer registry as MLflow <c>serialized_scorer</c> JSON; a .NET-hosted one
    /// (<see cref="ScorerHost.DotNet"/>) into an experiment tag. Returns a new, stopped instance; <paramref name="scorer"/> is not changed.
    /// </summary>
    /// <typeparam name="T">The scorer's type, kept in the result.</typeparam>
    /// <param name="scorer">The scorer.</param>
    /// <param name="name">The name to register under; defaults to the scorer's name.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment (see <see cref="GetActiveExperimentIdAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registered scorer.</returns>
    /// <exception cref="ArgumentException">The name is invalid, or the scorer cannot be registered (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend's MLflow version cannot load this scorer.</exception>
    /// <exception cref="ScorerLimitExceededException">The experiment already has 20 scorers.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<T> RegisterAsync<T>(
        T scorer, string? name = null, string? experimentId = null, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var registeredName = name is null ? scorer.Name : ScorerValidation.Name(name, nameof(name));
        ScorerRules.CheckRegistrable(scorer, registeredName);
        var payload = scorer.Host == ScorerHost.Server
            ? SerializedScorerCodec.Serialize(scorer, registeredName)
            : HostedScorerCodec.WriteDefinition(scorer, registeredName);

        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.Register", experimentId, registeredName);
        try
        {
            var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
            var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            ScorerRules.CheckLoadableBy(scorer, registeredName, capabilities);
            var renamed = (Scorer)scorer with { Name = registeredName };
            if (scorer.Host == ScorerHost.DotNet)
            {
                var (registry, experiment) = await ReadInventoryAsync(
                    _store.ListScorerNamesAsync(expId, cancellationToken), _store.GetExperimentAsync(expId, cancellationToken)).ConfigureAwait(false);
                CheckInventory(expId, registry, experiment, registeredName, scorer.Host, isNewName: !HostedScorers.FromTags(experiment).ContainsKey(registeredName));
                var registration = await _hosted.RegisterAsync(expId, scorer, registeredName, cancellationToken).ConfigureAwait(false);
                return (T)(renamed with
                {
                    ExperimentId = expId,
                    Version = registration.Version,
                    ScorerId = null,
                    CreationTime = registration.CreationTime,
                    SamplingConfig = new ScorerSamplingConfig(registration.SampleRate, registration.FilterString),
                });
            }

            var stored = await RegisterCheckedAsync(expId, registeredName, payload, cancellationToken).ConfigureAwait(false);
            // A first version has no sampling yet; only a new version of a known scorer can inherit one.
            var sampling = stored.Version == 1
                ? new ScorerSamplingConfig(0.0)
                : await ReadSamplingAsync(expId, stored, capabilities, cancellationToken).ConfigureAwait(false);
            return (T)(renamed with
            {
                ExperimentId = stored.ExperimentId,
                Version = stored.ScorerVersion,
                ScorerId = stored.ScorerId,
                CreationTime = stored.CreationTime,
                SamplingConfig = sampling,
            });
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Starts scoring production traces, as Python's <c>scorer.start(sampling_config=...)</c>. Returns a new, started
    /// instance; <paramref name="scorer"/> is not changed. A filter left <see langword="null"/> keeps the current one.
    /// </summary>
    /// <typeparam name="T">The scorer's type, kept in the result.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="config">The sample rate (above 0) and optional filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The started scorer.</returns>
    /// <exception cref="ArgumentException">The scorer is not registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is missing or not above 0.</exception>
    /// <exception cref="MlflowException">INVALID_PARAMETER_VALUE: the filter breaks MLflow's trace filter grammar (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend cannot run this scorer; the message says what would work.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual Task<T> StartAsync<T>(T scorer, ScorerSamplingConfig config, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(config);
        ScorerValidation.StartRate(config, nameof(config));
        EnsureRegistered(scorer, "started");
        CheckFilter(config);
        return ChangeSamplingAsync(scorer, config.SampleRate, config.FilterString, "MlflowClient.Start", cancellationToken);
    }

    /// <summary>
    /// Changes a registered scorer's sampling, as Python's <c>scorer.update(sampling_config=...)</c>. A sample rate or filter
    /// left <see langword="null"/> keeps its current value; an empty filter string removes the filter. Returns a new instance;
    /// <paramref name="scorer"/> is not changed.
    /// </summary>
    /// <typeparam name="T">The scorer's type, kept in the result.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="config">The new sample rate and/or filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated scorer.</returns>
    /// <exception cref="ArgumentException">The scorer is not registered.</exception>
    /// <exception cref="MlflowException">INVALID_PARAMETER_VALUE: the filter breaks MLflow's trace filter grammar (checked before any I/O).</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend cannot run this scorer; the message says what would work.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual Task<T> UpdateAsync<T>(T scorer, ScorerSamplingConfig config, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(config);
        EnsureRegistered(scorer, "updated");
        CheckFilter(config);
        return ChangeSamplingAsync(scorer, config.SampleRate, config.FilterString, "MlflowClient.Update", cancellationToken);
    }

    /// <summary>
    /// Stops scoring (sample rate 0), as Python's <c>scorer.stop()</c>. The filter is kept, so a later start without a filter
    /// resumes with it. Returns a new, stopped instance; <paramref name="scorer"/> is not changed.
    /// </summary>
    /// <typeparam name="T">The scorer's type, kept in the result.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stopped scorer.</returns>
    /// <exception cref="ArgumentException">The scorer is not registered.</exception>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no sampling for server-run scorers.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual Task<T> StopAsync<T>(T scorer, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        ArgumentNullException.ThrowIfNull(scorer);
        EnsureRegistered(scorer, "stopped");
        return ChangeSamplingAsync(scorer, 0.0, filter: null, "MlflowClient.Stop", cancellationToken);
    }

    /// <summary>
    /// Deletes every version of a registered scorer, as Python's <c>delete_scorer(name=..., version="all")</c>, and returns a
    /// new, unregistered instance; <paramref name="scorer"/> is not changed. Deleting a scorer that is already gone succeeds.
    /// </summary>
    /// <typeparam name="T">The scorer's type, kept in the result.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unregistered scorer.</returns>
    /// <exception cref="ArgumentException">The scorer is not registered.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<T> DeleteAsync<T>(T scorer, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        ArgumentNullException.ThrowIfNull(scorer);
        EnsureRegistered(scorer, "deleted");
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.Delete", scorer.ExperimentId, scorer.Name);
        try
        {
            try
            {
                await DeleteByNameAsync(scorer.ExperimentId!, scorer.Name, version: null, scorer.Host, cancellationToken).ConfigureAwait(false);
            }
            catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.ResourceDoesNotExist && e.Message.StartsWith("Scorer", StringComparison.Ordinal))
            {
                // Already gone: the result, an unregistered scorer, holds either way.
                _logger.ScorerAlreadyDeleted(scorer.Name, scorer.ExperimentId!);
            }

            return (T)((Scorer)scorer with
            {
                ExperimentId = null,
                Version = null,
                ScorerId = null,
                CreationTime = null,
                SamplingConfig = null,
            });
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private static void EnsureRegistered(Scorer scorer, string verb)
    {
        if (scorer.ExperimentId is null)
        {
            throw new ArgumentException(
                $"Scorer '{scorer.Name}' cannot be {verb}: it is not registered. Call RegisterAsync first, or load it with GetScorerAsync.",
                nameof(scorer));
        }
    }

    /// <summary>The filter must follow MLflow's trace filter grammar, checked before any I/O exactly as in a trace search.</summary>
    private static void CheckFilter(ScorerSamplingConfig config)
    {
        if (!string.IsNullOrEmpty(config.FilterString))
        {
            TraceFilterParser.Parse(config.FilterString);
        }
    }

    private static string? MergeFilter(string? requested, string? current) =>
        requested is null ? current : requested.Length == 0 ? null : requested;

    private async Task<T> ChangeSamplingAsync<T>(
        T scorer, double? rate, string? filter, string operation, CancellationToken cancellationToken)
        where T : Scorer
    {
        var expId = scorer.ExperimentId!;
        using var activity = MlflowDiagnostics.StartOperation(operation, expId, scorer.Name);
        try
        {
            if (scorer.Host == ScorerHost.DotNet)
            {
                var current = await _hosted.GetAsync(expId, scorer.Name, cancellationToken).ConfigureAwait(false)
                    ?? throw HostedScorers.NotFound(expId, scorer.Name, null);
                var registration = await _hosted.WriteAsync(
                    expId, current with { SampleRate = rate ?? current.SampleRate, FilterString = MergeFilter(filter, current.FilterString) }, cancellationToken)
                    .ConfigureAwait(false);
                return (T)((Scorer)scorer with
                {
                    Version = registration.Version,
                    SamplingConfig = new ScorerSamplingConfig(registration.SampleRate, registration.FilterString),
                });
            }

            var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            ScorerRules.RequireServerSampling(scorer, capabilities);

            var latest = await _store.GetScorerAsync(expId, scorer.Name, version: null, cancellationToken).ConfigureAwait(false);
            var existing = await ReadSamplingAsync(expId, latest, capabilities, cancellationToken).ConfigureAwait(false);
            var newRate = rate ?? existing.SampleRate ?? 0.0;
            var newFilter = MergeFilter(filter, existing.FilterString);
            ScorerRules.CheckServerCanRun(SerializedScorerCodec.Deserialize(latest.Name, latest.SerializedScorer), newRate, capabilities);

            var stored = await _store.SetSamplingAsync(expId, scorer.Name, new StoredSampling(newRate, newFilter), cancellationToken)
                .ConfigureAwait(false);
            return (T)((Scorer)scorer with
            {
                Version = latest.ScorerVersion,
                ScorerId = latest.ScorerId,
                SamplingConfig = new ScorerSamplingConfig(stored.SampleRate, stored.FilterString),
            });
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private async ValueTask<ScorerSamplingConfig> ReadSamplingAsync(
        string experimentId, StoredScorerVersion stored, StoreCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (!capabilities.SupportsServerSampling)
        {
            return new ScorerSamplingConfig(0.0);
        }

        var configs = await _store.GetSamplingAsync(experimentId, [stored], cancellationToken).ConfigureAwait(false);
        return configs.TryGetValue(stored.Name, out var sampling)
            ? new ScorerSamplingConfig(sampling.SampleRate, sampling.FilterString)
            : new ScorerSamplingConfig(0.0);
    }

    /// <summary>
    /// Registers a server-run scorer in one round trip, as Python does, and keeps the rules that Python leaves to the server:
    /// the registration, the registry's names and the experiment (whose tags hold the .NET-hosted scorers) are sent together,
    /// and the rules are checked on what comes back. A name already used by a .NET-hosted scorer, or a new name beyond the
    /// limit of 20, undoes exactly the version just written before the error is thrown; so does a failed check read, since
    /// the rules could not be confirmed.
    /// </summary>
    private async Task<StoredScorerVersion> RegisterCheckedAsync(string experimentId, string name, string payload, CancellationToken cancellationToken)
    {
        var registered = _store.RegisterScorerAsync(experimentId, name, payload, cancellationToken);
        var inventory = ReadInventoryAsync(
            _store.ListScorerNamesAsync(experimentId, cancellationToken), _store.GetExperimentAsync(experimentId, cancellationToken));
        try
        {
            await Task.WhenAll(registered, inventory).ConfigureAwait(false);
        }
        catch when (!registered.IsCompletedSuccessfully)
        {
            await ObserveAsync(inventory).ConfigureAwait(false);
            await registered.ConfigureAwait(false); // the registration's own error, as Python reports it
            throw;
        }
        catch (Exception checkFailure)
        {
            throw await UndoAsync(experimentId, await registered.ConfigureAwait(false), checkFailure).ConfigureAwait(false);
        }

        var stored = await registered.ConfigureAwait(false);
        var (registry, experiment) = await inventory.ConfigureAwait(false);
        try
        {
            CheckInventory(experimentId, registry, experiment, name, ScorerHost.Server, isNewName: stored.Version == 1);
        }
        catch (Exception broken) when (broken is ArgumentException or ScorerLimitExceededException)
        {
            throw await UndoAsync(experimentId, stored, broken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Deletes exactly the version just registered, then returns <paramref name="cause"/> to be thrown.</summary>
    private async Task<Exception> UndoAsync(string experimentId, StoredScorerVersion stored, Exception cause)
    {
        try
        {
            await _store.DeleteScorerAsync(experimentId, stored.Name, stored.Version, CancellationToken.None).ConfigureAwait(false);
            return cause;
        }
        catch (Exception undoFailure) when (undoFailure is MlflowException or HttpRequestException or TimeoutException)
        {
            return new MlflowException(
                MlflowErrorCode.InternalError,
                $"Scorer '{stored.Name}' version {stored.Version} was registered in experiment {experimentId}, but it breaks a rule "
                + $"({cause.Message}) and could not be deleted again ({undoFailure.Message}). Delete that version yourself.",
                new AggregateException(cause, undoFailure));
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ignored) when (ignored is MlflowException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            // Only the registration's own error is reported; the check read is moot when nothing was written.
        }
    }

    /// <summary>
    /// Awaits a read of the scorer registry and one of the experiment (whose tags hold the .NET-hosted scorers), started
    /// together: they are independent, so a list or a registration waits for one round trip instead of two. A registry error
    /// is reported first.
    /// </summary>
    private static async Task<(TRegistry Registry, Experiment Experiment)> ReadInventoryAsync<TRegistry>(
        Task<TRegistry> registry, Task<Experiment> experiment)
    {
        await Task.WhenAll(registry, experiment).ConfigureAwait(false);
        return (await registry.ConfigureAwait(false), await experiment.ConfigureAwait(false));
    }

    /// <summary>
    /// A name runs in one place only, and an experiment holds at most 20 scorers (a new version of one does not count).
    /// <paramref name="registry"/> and the experiment's tags are the other scorers; <paramref name="isNewName"/> says whether
    /// the name adds one.
    /// </summary>
    private static void CheckInventory(
        string experimentId, IReadOnlyList<string> registry, Experiment experiment, string name, ScorerHost host, bool isNewName)
    {
        var hosted = HostedScorers.FromTags(experiment);
        var inRegistry = registry.Contains(name, StringComparer.Ordinal);
        var inHosted = hosted.ContainsKey(name);
        if ((host == ScorerHost.Server && inHosted) || (host == ScorerHost.DotNet && inRegistry))
        {
            var where = inHosted ? "as a .NET-hosted scorer" : "in the server's scorer registry";
            throw new ArgumentException(
                $"Scorer name '{name}' is already registered {where} in experiment {experimentId}: a name runs in one place only. Delete it first or choose another name.",
                nameof(name));
        }

        if (!isNewName)
        {
            return;
        }

        var names = registry.Concat(hosted.Keys).Where(n => n != name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count >= ScorerValidation.MaxScorersPerExperiment)
        {
            throw new ScorerLimitExceededException(
                $"Scorer '{name}' cannot be registered: experiment {experimentId} already has {names.Count} scorers ({string.Join(", ", names)}), and at most {ScorerValidation.MaxScorersPerExperiment} are allowed per experiment. Delete one first.");
        }
    }
}
