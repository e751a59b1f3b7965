using System.Diagnostics;
using System.Reflection;

namespace MlflowScorers.Diagnostics;

/// <summary>The SDK's telemetry sources, both named <c>MlflowScorers</c>.</summary>
internal static class MlflowDiagnostics
{
    /// <summary>The name of the activity source and meter.</summary>
    public const string SourceName = "MlflowScorers";

    /// <summary>The SDK's version, for telemetry and the User-Agent.</summary>
    public static string Version { get; } =
        typeof(MlflowDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>One activity per public client operation.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, Version);

    /// <summary>Starts the activity of a public operation, tagged with the experiment and scorer when known.</summary>
    public static Activity? StartOperation(string operation, string? experimentId = null, string? scorerName = null)
    {
        var activity = ActivitySource.StartActivity(operation);
        if (activity is not null)
        {
            if (experimentId is not null)
            {
                activity.SetTag("mlflow.experiment_id", experimentId);
            }

            if (scorerName is not null)
            {
                activity.SetTag("mlflow.scorer.name", scorerName);
            }
        }

        return activity;
    }
}
