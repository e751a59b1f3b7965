using System;
using System.Text;

namespace MlflowScorers.Stores.Databricks;

/// <summary>
/// Every managed-evals route the Databricks store calls, in one place: these endpoints are private to Databricks and may change.
/// Experiments, experiment tags and traces go through the workspace's MLflow REST API instead (the MLflow server store's paths).
/// </summary>
internal static class ManagedEvalsPaths
{
    private const string Root = "/api/2.0/managed-evals";

    /// <summary>GET, POST (first write), PATCH (replace) the experiment's whole scheduled-scorer list.</summary>
    public static string ScheduledScorers(string experimentId) => $"{Root}/scheduled-scorers/{Segment(experimentId)}";

    /// <summary>GET (paged with <c>page_token</c>): the versions of one scorer.</summary>
    public static string Versions(VersionRoutes routes, string experimentId, string name) =>
        $"{Root}/experiments/{Segment(experimentId)}/{RouteSegment(routes)}/{ScorerKey(name)}/versions";

    /// <summary>GET or DELETE one version of a scorer.</summary>
    public static string Version(VersionRoutes routes, string experimentId, string name, int version) =>
        $"{Versions(routes, experimentId, name)}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>POST: the experiment's monitors (the body names the experiment).</summary>
    public static string Monitors => $"{Root}/monitors";

    /// <summary>POST: starts a backfill job of the experiment's scheduled scorers.</summary>
    public static string Backfill(string experimentId) => $"{ScheduledScorers(experimentId)}/backfill";

    /// <summary>DELETE: cancels a backfill job and removes what it holds.</summary>
    public static string BackfillJob(string experimentId, string jobId) => $"{Root}/experiments/{Segment(experimentId)}/backfill/{Segment(jobId)}";

    /// <summary>POST (enable) or DELETE (disable) the experiment's trace archival to a Delta table.</summary>
    public static string TraceArchival(string experimentId) => $"{Root}/experiments/{Segment(experimentId)}/trace-archival";

    /// <summary>A scorer name as the per-version routes key it: URL-safe base64 of its UTF-8 bytes, without <c>=</c> padding.</summary>
    public static string ScorerKey(string name) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(name)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string RouteSegment(VersionRoutes routes) => routes switch
    {
        VersionRoutes.Scorers => "scorers",
        VersionRoutes.ScheduledScorers => "scheduledScorers",
        _ => throw new InvalidOperationException("This workspace has no per-version scorer routes."),
    };

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }
}

/// <summary>Which per-version scorer routes a workspace answers, detected once per store.</summary>
internal enum VersionRoutes
{
    /// <summary>Not detected yet.</summary>
    Unknown,

    /// <summary>None: the workspace keeps one payload per scorer name, without versions.</summary>
    None,

    /// <summary><c>…/experiments/{id}/scorers/{key}/versions</c> (MLflow after August 2026).</summary>
    Scorers,

    /// <summary><c>…/experiments/{id}/scheduledScorers/{key}/versions</c> (the earlier spelling).</summary>
    ScheduledScorers,
}
