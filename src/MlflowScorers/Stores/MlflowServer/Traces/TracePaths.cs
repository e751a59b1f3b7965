using System;

namespace MlflowScorers.Stores.MlflowServer.Traces;

/// <summary>The MLflow 3 trace and assessment routes.</summary>
internal static class TracePaths
{
    public const string Search = "/api/3.0/mlflow/traces/search";
    public const string Get = "/api/3.0/mlflow/traces/get";
    public const string BatchGet = "/api/3.0/mlflow/traces/batchGet";

    public static string Info(string traceId) => $"/api/3.0/mlflow/traces/{Uri.EscapeDataString(traceId)}";

    public static string Assessments(string traceId) => $"{Info(traceId)}/assessments";

    public static string Assessment(string traceId, string assessmentId) => $"{Assessments(traceId)}/{Uri.EscapeDataString(assessmentId)}";
}
