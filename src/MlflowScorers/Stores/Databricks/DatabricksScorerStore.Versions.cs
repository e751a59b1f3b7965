using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks.Wire;

namespace MlflowScorers.Stores.Databricks;

/// <summary>Per-version reads and deletes: through the version routes where the workspace has them, else from the list.</summary>
internal sealed partial class DatabricksScorerStore
{
    /// <summary>The name the route probe asks for; it never matches a real scorer.</summary>
    public const string ProbeScorerName = "mlflow-scorers-dotnet-capability-probe";

    private static readonly ManagedEvalsJsonContext s_json = ManagedEvalsJsonContext.Default;
    private readonly SemaphoreSlim _versionRoutesLock = new(1, 1);
    private volatile VersionRoutes _versionRoutes;

    /// <summary>Which version routes this workspace answers, once detected.</summary>
    public VersionRoutes DetectedVersionRoutes => _versionRoutes;

    public async Task<IReadOnlyList<StoredScorerVersion>> ListScorerVersionsAsync(
        string experimentId, string name, CancellationToken cancellationToken)
    {
        var routes = await GetVersionRoutesAsync(experimentId, cancellationToken).ConfigureAwait(false);
        if (routes == VersionRoutes.None)
        {
            var entry = ScheduledScorerList.Find(await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false), name)
                ?? throw NotFound(experimentId, name, version: null);
            return [ToStored(experimentId, entry)];
        }

        var versions = new List<StoredScorerVersion>();
        string? pageToken = null;
        var path = ManagedEvalsPaths.Versions(routes, experimentId, name);
        do
        {
            ScorerVersionsResponse page;
            try
            {
                page = await _rest.GetAsync(
                    path,
                    pageToken is null ? [] : [new KeyValuePair<string, string>("page_token", pageToken)],
                    s_json.ScorerVersionsResponse,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MlflowApiException e) when (IsMissing(e))
            {
                throw NotFound(experimentId, name, version: null);
            }

            versions.AddRange((page.ScheduledScorerVersions ?? []).Select(v => ToStored(experimentId, name, v, path)));
            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);

        return versions.Count == 0 ? throw NotFound(experimentId, name, version: null) : [.. versions.OrderBy(v => v.Version)];
    }

    public async Task<StoredScorerVersion> GetScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            var entry = ScheduledScorerList.Find(await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false), name)
                ?? throw NotFound(experimentId, name, version: null);
            return ToStored(experimentId, entry);
        }

        var routes = await GetVersionRoutesAsync(experimentId, cancellationToken).ConfigureAwait(false);
        if (routes == VersionRoutes.None)
        {
            var entry = ScheduledScorerList.Find(await _list.ReadAsync(experimentId, cancellationToken).ConfigureAwait(false), name);
            return entry?.Version == version ? ToStored(experimentId, entry) : throw NotFound(experimentId, name, version);
        }

        var path = ManagedEvalsPaths.Version(routes, experimentId, name, version.Value);
        try
        {
            var dto = await _rest.GetAsync(path, [], s_json.ScorerVersionDto, cancellationToken).ConfigureAwait(false);
            return ToStored(experimentId, name, dto, path);
        }
        catch (MlflowApiException e) when (IsMissing(e))
        {
            throw NotFound(experimentId, name, version);
        }
    }

    public async Task DeleteScorerAsync(string experimentId, string name, int? version, CancellationToken cancellationToken)
    {
        var routes = version is null ? VersionRoutes.None : await GetVersionRoutesAsync(experimentId, cancellationToken).ConfigureAwait(false);
        if (routes == VersionRoutes.None)
        {
            await _list.WriteAsync(
                experimentId,
                name,
                current =>
                {
                    var entry = ScheduledScorerList.Find(current, name);
                    return entry is null || (version is not null && entry.Version != version)
                        ? throw NotFound(experimentId, name, version)
                        : [.. current.Where(e => e != entry)];
                },
                after => ScheduledScorerList.Find(after, name) is null,
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var path = ManagedEvalsPaths.Version(routes, experimentId, name, version!.Value);
        try
        {
            await _rest.SendAsync(HttpMethod.Delete, path, new EmptyDto(), s_json.EmptyDto, s_json.EmptyDto, nonIdempotent: false, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (IsMissing(e))
        {
            throw NotFound(experimentId, name, version);
        }
    }

    /// <summary>
    /// Detects once whether the workspace has the per-version routes, and which spelling: a GET of a name that never exists
    /// answers "no such scorer" where the route exists and ENDPOINT_NOT_FOUND (or 501) where it does not.
    /// </summary>
    private async ValueTask<VersionRoutes> GetVersionRoutesAsync(string experimentId, CancellationToken cancellationToken)
    {
        if (_versionRoutes is not VersionRoutes.Unknown and var known)
        {
            return known;
        }

        await _versionRoutesLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_versionRoutes == VersionRoutes.Unknown)
            {
                _versionRoutes = await ProbeAsync(VersionRoutes.Scorers, experimentId, cancellationToken).ConfigureAwait(false)
                    ?? await ProbeAsync(VersionRoutes.ScheduledScorers, experimentId, cancellationToken).ConfigureAwait(false)
                    ?? VersionRoutes.None;
            }

            return _versionRoutes;
        }
        finally
        {
            _versionRoutesLock.Release();
        }
    }

    private async Task<VersionRoutes?> ProbeAsync(VersionRoutes routes, string experimentId, CancellationToken cancellationToken)
    {
        try
        {
            await _rest.GetAsync(ManagedEvalsPaths.Versions(routes, experimentId, ProbeScorerName), [], s_json.ScorerVersionsResponse, cancellationToken)
                .ConfigureAwait(false);
            return routes;
        }
        catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.EndpointNotFound || e.ErrorCode == MlflowErrorCode.NotImplemented)
        {
            return null;
        }
        catch (MlflowApiException e) when (IsMissing(e))
        {
            return routes;
        }
    }

    /// <summary>A 404 that says the scorer or version is missing (the route itself exists).</summary>
    private static bool IsMissing(MlflowApiException e) =>
        e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode != MlflowErrorCode.EndpointNotFound;

    /// <summary>A version from the version routes; one without a version number is an error, never read as version 1.</summary>
    private static StoredScorerVersion ToStored(string experimentId, string name, ScorerVersionDto dto, string endpoint)
    {
        if (dto.Version is not { } version || dto.SerializedScorer is null)
        {
            throw new MlflowException(
                $"The reply of {endpoint} has a scorer version without {(dto.Version is null ? "'version'" : "'serialized_scorer'")} (name '{dto.Name ?? dto.DisplayName ?? name}'). The managed-evals service may have changed its response shape.");
        }

        return new StoredScorerVersion(
            experimentId,
            name,
            version,
            dto.SerializedScorer,
            ScorerId: null,
            dto.CreationTime is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }
}
