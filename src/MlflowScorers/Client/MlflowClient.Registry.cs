using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Diagnostics;
using MlflowScorers.Serialization;
using MlflowScorers.Stores;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>
    /// Lists the latest version of every scorer in an experiment, server-run and .NET-hosted, ordered by name, each with its
    /// status and sampling, as Python's <c>list_scorers()</c>. A stored payload this SDK cannot read is listed as an
    /// <see cref="UnrecognizedScorer"/> rather than failing the whole list.
    /// </summary>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The scorers.</returns>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async IAsyncEnumerable<Scorer> ListScorersAsync(
        string? experimentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.ListScorers", experimentId);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).AsTask().RecordFailureOn(activity).ConfigureAwait(false);
        var capabilities = await GetCapabilitiesAsync(cancellationToken).RecordFailureOn(activity).ConfigureAwait(false);
        var (registry, experiment) = await ReadInventoryAsync(
            _store.ListScorersAsync(expId, cancellationToken), _store.GetExperimentAsync(expId, cancellationToken)).RecordFailureOn(activity).ConfigureAwait(false);
        var sampling = capabilities.SupportsServerSampling && registry.Count > 0
            ? await _store.GetSamplingAsync(expId, registry, cancellationToken).RecordFailureOn(activity).ConfigureAwait(false)
            : new Dictionary<string, StoredSampling>();

        var all = registry.Select(s => Materialize(s, sampling.GetValueOrDefault(s.Name)))
            .Concat(HostedScorers.FromTags(experiment).Values.Select(r => HostedScorers.Materialize(expId, r)))
            .OrderBy(s => s.Name, StringComparer.Ordinal);
        foreach (var scorer in all)
        {
            yield return scorer;
        }
    }

    /// <summary>Gets a registered scorer, its latest version or a given one, as Python's <c>get_scorer()</c>.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="version">The version, or <see langword="null"/> for the latest.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The scorer, with its status and sampling.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is below 1.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such scorer or version, or another backend error.</exception>
    public virtual async Task<Scorer> GetScorerAsync(
        string name, int? version = null, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        ScorerValidation.Name(name, nameof(name));
        if (version is { } v)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, nameof(version));
        }

        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetScorer", experimentId, name);
        try
        {
            var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
            var capabilities = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            StoredScorerVersion stored;
            try
            {
                stored = await _store.GetScorerAsync(expId, name, version, cancellationToken).ConfigureAwait(false);
            }
            catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.ResourceDoesNotExist)
            {
                // Not in the registry: it may be a .NET-hosted scorer; if not, the registry's answer stands.
                var hosted = await _hosted.GetAsync(expId, name, cancellationToken).ConfigureAwait(false);
                if (hosted is null)
                {
                    throw;
                }

                return HostedScorers.Materialize(expId, hosted, version);
            }

            var sampling = await ReadSamplingAsync(expId, stored, capabilities, cancellationToken).ConfigureAwait(false);
            return Materialize(stored, new StoredSampling(sampling.SampleRate ?? 0.0, sampling.FilterString));
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Lists every version of a registered scorer, oldest first, as Python's <c>list_scorer_versions()</c>.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>One scorer per version; <see cref="Scorer.Version"/> tells which.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such scorer, or another backend error.</exception>
    public virtual async IAsyncEnumerable<Scorer> ListScorerVersionsAsync(
        string name, string? experimentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ScorerValidation.Name(name, nameof(name));
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.ListScorerVersions", experimentId, name);
        var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).AsTask().RecordFailureOn(activity).ConfigureAwait(false);
        if (await _hosted.GetAsync(expId, name, cancellationToken).RecordFailureOn(activity).ConfigureAwait(false) is { } hosted)
        {
            foreach (var version in hosted.Versions)
            {
                yield return HostedScorers.Materialize(expId, hosted, version.Version);
            }

            yield break;
        }

        var versions = await _store.ListScorerVersionsAsync(expId, name, cancellationToken).RecordFailureOn(activity).ConfigureAwait(false);
        foreach (var stored in versions)
        {
            yield return Materialize(stored, sampling: null);
        }
    }

    /// <summary>Deletes every version of a scorer by name, as Python's <c>delete_scorer(name=..., version="all")</c>.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the scorer is deleted.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such scorer, or another backend error.</exception>
    public virtual async Task DeleteScorerAsync(string name, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        ScorerValidation.Name(name, nameof(name));
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.DeleteScorer", experimentId, name);
        try
        {
            var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
            await DeleteByNameAsync(expId, name, version: null, host: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Deletes one version of a scorer, as Python's <c>delete_scorer(name=..., version=N)</c>.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="version">The version to delete, from 1.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the version is deleted.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is below 1.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such version, or another backend error.</exception>
    public virtual async Task DeleteScorerVersionAsync(
        string name, int version, string? experimentId = null, CancellationToken cancellationToken = default)
    {
        ScorerValidation.Name(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.DeleteScorerVersion", experimentId, name);
        try
        {
            var expId = await ResolveExperimentIdAsync(experimentId, cancellationToken).ConfigureAwait(false);
            await DeleteByNameAsync(expId, name, version, host: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            MlflowDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private static Scorer Materialize(StoredScorerVersion stored, StoredSampling? sampling) =>
        SerializedScorerCodec.Deserialize(stored.Name, stored.SerializedScorer) with
        {
            ExperimentId = stored.ExperimentId,
            Version = stored.ScorerVersion,
            ScorerId = stored.ScorerId,
            CreationTime = stored.CreationTime,
            SamplingConfig = new ScorerSamplingConfig(sampling?.SampleRate ?? 0.0, sampling?.FilterString),
        };

    /// <summary>
    /// Deletes from the server's registry in one request, as Python does; only a name the registry does not know is looked
    /// up among the .NET-hosted scorers. <paramref name="host"/>, when known, goes straight to the right place.
    /// </summary>
    private async Task DeleteByNameAsync(string experimentId, string name, int? version, ScorerHost? host, CancellationToken cancellationToken)
    {
        if (host != ScorerHost.DotNet)
        {
            try
            {
                await _store.DeleteScorerAsync(experimentId, name, version, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MlflowApiException e) when (host is null && e.ErrorCode == MlflowErrorCode.ResourceDoesNotExist)
            {
                if (await _hosted.GetAsync(experimentId, name, cancellationToken).ConfigureAwait(false) is not { } found)
                {
                    throw;
                }

                await _hosted.DeleteAsync(experimentId, found, version, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var hosted = await _hosted.GetAsync(experimentId, name, cancellationToken).ConfigureAwait(false)
            ?? throw HostedScorers.NotFound(experimentId, name, version);
        await _hosted.DeleteAsync(experimentId, hosted, version, cancellationToken).ConfigureAwait(false);
    }
}
