using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Serialization;
using MlflowScorers.Stores;

namespace MlflowScorers.Client;

/// <summary>
/// The registrations of .NET-hosted scorers, one experiment tag per scorer. Every backend has experiment tags, so every
/// process and operator sees the same lifecycle. Each write is read back to prove it landed.
/// </summary>
internal sealed class HostedScorers
{
    private readonly IScorerStore _store;
    private readonly TimeProvider _timeProvider;

    public HostedScorers(IScorerStore store, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>Every registration in the experiment, by name.</summary>
    public static IReadOnlyDictionary<string, HostedScorerRegistration> FromTags(Experiment experiment)
    {
        var result = new SortedDictionary<string, HostedScorerRegistration>(StringComparer.Ordinal);
        foreach (var (key, value) in experiment.Tags)
        {
            if (key.StartsWith(HostedScorerRegistration.TagPrefix, StringComparison.Ordinal)
                && HostedScorerCodec.ReadRegistration(value) is { } registration)
            {
                result[registration.Name] = registration;
            }
        }

        return result;
    }

    /// <summary>The scorer a registration describes, at its latest version or at <paramref name="version"/>.</summary>
    public static Scorer Materialize(string experimentId, HostedScorerRegistration registration, int? version = null)
    {
        var chosen = version is null
            ? new HostedScorerVersion(registration.Version, registration.CreationTime, registration.Definition)
            : registration.Versions.FirstOrDefault(v => v.Version == version)
              ?? throw NotFound(experimentId, registration.Name, version);
        var scorer = HostedScorerCodec.ReadDefinition(registration.Name, chosen.Definition);
        return scorer with
        {
            ExperimentId = experimentId,
            Version = chosen.Version,
            CreationTime = chosen.CreationTime,
            SamplingConfig = new ScorerSamplingConfig(registration.SampleRate, registration.FilterString),
        };
    }

    public async Task<HostedScorerRegistration> RegisterAsync(
        string experimentId, Scorer scorer, string name, CancellationToken cancellationToken)
    {
        var definition = HostedScorerCodec.WriteDefinition(scorer, name);
        var experiment = await _store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var next = FromTags(experiment).GetValueOrDefault(name) is { } existing
            ? existing with
            {
                Version = existing.Version + 1,
                Definition = definition,
                CreationTime = now,
                Versions = [.. existing.Versions, new HostedScorerVersion(existing.Version + 1, now, definition)],
            }
            : new HostedScorerRegistration
            {
                Name = name,
                Version = 1,
                Definition = definition,
                CreationTime = now,
                SampleRate = 0.0,
                Versions = [new HostedScorerVersion(1, now, definition)],
            };
        return await WriteAsync(experimentId, next, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HostedScorerRegistration?> GetAsync(string experimentId, string name, CancellationToken cancellationToken)
    {
        var experiment = await _store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
        return FromTags(experiment).GetValueOrDefault(name);
    }

    public async Task DeleteAsync(string experimentId, HostedScorerRegistration current, int? version, CancellationToken cancellationToken)
    {
        var name = current.Name;
        var remaining = version is null ? [] : current.Versions.Where(v => v.Version != version).ToList();
        if (version is not null && remaining.Count == current.Versions.Count)
        {
            throw NotFound(experimentId, name, version);
        }

        if (remaining.Count == 0)
        {
            await _store.DeleteExperimentTagAsync(experimentId, ScorerRules.HostedTagKey(name), cancellationToken).ConfigureAwait(false);
            return;
        }

        var latest = remaining[^1];
        var next = current with
        {
            Version = latest.Version,
            Definition = latest.Definition,
            CreationTime = latest.CreationTime,
            Versions = remaining,
        };
        await WriteAsync(experimentId, next, cancellationToken).ConfigureAwait(false);
    }

    public static MlflowApiException NotFound(string experimentId, string name, int? version) => new(
        HttpStatusCode.NotFound,
        MlflowErrorCode.ResourceDoesNotExist,
        version is null
            ? $"Scorer with name '{name}' not found for experiment {experimentId}."
            : $"Scorer with name '{name}' and version {version} not found for experiment {experimentId}.");

    /// <summary>Writes a registration and reads it back; a concurrent writer that replaced it is reported, never hidden.</summary>
    public async Task<HostedScorerRegistration> WriteAsync(
        string experimentId, HostedScorerRegistration registration, CancellationToken cancellationToken)
    {
        var value = HostedScorerCodec.WriteRegistration(registration);
        var key = ScorerRules.HostedTagKey(registration.Name);
        await _store.SetExperimentTagAsync(experimentId, key, value, cancellationToken).ConfigureAwait(false);

        // Tags are last-writer-wins: read back so a concurrent writer that replaced ours is reported, never hidden.
        var stored = await GetAsync(experimentId, registration.Name, cancellationToken).ConfigureAwait(false);
        if (stored is null || HostedScorerCodec.WriteRegistration(stored) != HostedScorerCodec.WriteRegistration(registration))
        {
            throw new MlflowException(
                $"Another writer changed .NET-hosted scorer '{registration.Name}' in experiment {experimentId} at the same time; the change was not kept. Read the scorer again and retry.");
        }

        return stored;
    }
}
