using System;
using System.Collections.Generic;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlflowScorers;

/// <summary>MLflow tracing without dependency injection, and root spans that MLflow can complete.</summary>
public static class MlflowTracing
{
    /// <summary>
    /// Creates a tracer provider that sends traces to MLflow, as <see cref="MlflowTracerProviderBuilderExtensions.AddMlflowTracing"/>
    /// configures it. Dispose it (or call <see cref="TracerProvider"/>'s <c>Shutdown</c>) before the process exits.
    /// </summary>
    /// <param name="configure">Sets options; unset connection values come from the <c>MLFLOW_*</c> environment variables, then MLflow's defaults.</param>
    /// <returns>The tracer provider.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or the tracking URI is malformed or neither http(s) nor sqlite.</exception>
    /// <exception cref="MlflowException">A token or password would travel over plain http to a host other than this machine.</exception>
    public static TracerProvider CreateTracerProvider(Action<MlflowTracingOptions>? configure = null) =>
        Sdk.CreateTracerProviderBuilder().AddMlflowTracing(configure).Build();

    /// <summary>
    /// Starts a span as the root of a new trace, linked to (not parented by) the current span. MLflow completes a trace only
    /// when its root span has no parent: a GenAI span started under an incoming <c>traceparent</c> (an ASP.NET Core request,
    /// say) would leave the trace in progress, without inputs or outputs. After the returned span stops,
    /// <see cref="Activity.Current"/> is <see langword="null"/>, not the span that was current before.
    /// </summary>
    /// <param name="source">The source, one of <see cref="MlflowTracingOptions.Sources"/>.</param>
    /// <param name="name">The span's name, which becomes the trace's name.</param>
    /// <param name="kind">The span's kind.</param>
    /// <param name="tags">Tags to start with, for example <c>mlflow.spanType</c>.</param>
    /// <returns>The started span; <see langword="null"/> when nothing listens to the source.</returns>
    public static Activity? StartRootActivity(
        ActivitySource source,
        string name,
        ActivityKind kind = ActivityKind.Internal,
        IEnumerable<KeyValuePair<string, object?>>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var previous = Activity.Current;
        ActivityLink[]? links = previous is null ? null : [new ActivityLink(previous.Context)];
        Activity.Current = null;
        var activity = source.StartActivity(name, kind, parentContext: default, tags, links);
        if (activity is null)
        {
            Activity.Current = previous;
        }

        return activity;
    }
}
