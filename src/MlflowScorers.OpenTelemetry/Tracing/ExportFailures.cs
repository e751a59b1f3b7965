using System;

namespace MlflowScorers.Tracing;

/// <summary>Describes why an export failed, for the log: MLflow's error code and message, or the exception's own message.</summary>
internal static class ExportFailures
{
    public static string Describe(Exception exception) => exception switch
    {
        MlflowException mlflow => $"{mlflow.ErrorCode}: {mlflow.Message}",
        AggregateException { InnerException: { } inner } => Describe(inner),
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
