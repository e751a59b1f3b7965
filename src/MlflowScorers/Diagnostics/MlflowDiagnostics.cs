using System;
using System.Diagnostics;
using System.Reflection;
using System.Threading.Tasks;

namespace MlflowScorers.Diagnostics;

/// <summary>The SDK's telemetry sources, named as <see cref="MlflowTelemetry"/> publishes.</summary>
internal static class MlflowDiagnostics
{
    /// <summary>The name of the activity source and meter.</summary>
    public const string SourceName = MlflowTelemetry.ActivitySourceName;

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

    /// <summary>
    /// Awaits <paramref name="task"/> and, if it fails, marks <paramref name="activity"/> as failed before the exception goes on;
    /// for the steps of async iterators, which cannot wrap a <c>yield</c> in <c>try</c>/<c>catch</c>.
    /// </summary>
    public static async Task<T> RecordFailureOn<T>(this Task<T> task, Activity? activity)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Marks an operation's activity as failed: status Error with the exception's message, and the exception as an event.</summary>
    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
