using System;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>The REST routes the MLflow server store calls, as the Python clients call them.</summary>
internal static class MlflowServerPaths
{
    public const string Version = "/version";
    public const string RegisterScorer = "/api/3.0/mlflow/scorers/register";
    public const string ListScorers = "/api/3.0/mlflow/scorers/list";
    public const string ListScorerVersions = "/api/3.0/mlflow/scorers/versions";
    public const string GetScorer = "/api/3.0/mlflow/scorers/get";
    public const string DeleteScorer = "/api/3.0/mlflow/scorers/delete";
    public const string OnlineConfig = "/api/3.0/mlflow/scorers/online-config";
    public const string OnlineConfigs = "/api/3.0/mlflow/scorers/online-configs";
    public const string GetExperiment = "/api/2.0/mlflow/experiments/get";
    public const string GetExperimentByName = "/api/2.0/mlflow/experiments/get-by-name";
    public const string CreateExperiment = "/api/2.0/mlflow/experiments/create";
    public const string SetExperimentTag = "/api/2.0/mlflow/experiments/set-experiment-tag";
    public const string DeleteExperimentTag = "/api/2.0/mlflow/experiments/delete-experiment-tag";
    public const string StartTrace = "/api/3.0/mlflow/traces";
    public const string SearchTraces = "/api/3.0/mlflow/traces/search";
    public const string GetTrace = "/api/3.0/mlflow/traces/get";
    public const string BatchGetTraces = "/api/3.0/mlflow/traces/batchGet";
    public const string CreateRun = "/api/2.0/mlflow/runs/create";
    public const string LogBatch = "/api/2.0/mlflow/runs/log-batch";
    public const string UpdateRun = "/api/2.0/mlflow/runs/update";
    public const string GetRun = "/api/2.0/mlflow/runs/get";

    /// <summary>POST: runs a judge over given traces as server jobs (MLflow 3.11; mounted only under <c>/ajax-api/</c>).</summary>
    public const string InvokeScorer = "/ajax-api/3.0/mlflow/scorer/invoke";

    /// <summary>GET: a server job's status and result (MLflow 3.11; mounted only under <c>/ajax-api/</c>).</summary>
    public static string Job(string jobId) => $"/ajax-api/3.0/mlflow/jobs/{Segment(jobId)}";

    /// <summary>GET <c>/api/3.0/mlflow/traces/{id}</c>: the trace info alone, the route 3.6 clients read before batchGet.</summary>
    public static string TraceInfo(string traceId) => $"/api/3.0/mlflow/traces/{Segment(traceId)}";

    /// <summary>
    /// PATCH <c>{"key", "value"}</c> sets a trace tag, DELETE <c>{"key"}</c> removes one: the v2 route, which Python's client
    /// uses and both 3.6 and 3.11 serve (3.6 has no v3 route for deleting a trace tag).
    /// </summary>
    public static string TraceTags(string traceId) => $"/api/2.0/mlflow/traces/{Segment(traceId)}/tags";

    /// <summary>POST: creates an assessment on the trace.</summary>
    public static string Assessments(string traceId) => $"{TraceInfo(traceId)}/assessments";

    /// <summary>GET, PATCH and DELETE one assessment.</summary>
    public static string Assessment(string traceId, string assessmentId) => $"{Assessments(traceId)}/{Segment(assessmentId)}";

    private static string Segment(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }
}
