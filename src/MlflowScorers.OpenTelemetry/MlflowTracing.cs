using System;
using System.Collections.Generic;
using System.Diagnostics;
using MlflowScorers.Evaluation;
using MlflowScorers.Tracing;
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
    /// <see cref="Activity.Current"/> is <see langword="null"/>, not the span that was current before. Inside an evaluation of
    /// the application (<see cref="AppEvaluator"/>) it starts a child of the row's root span instead, so the application's spans
    /// stay in the row's trace.
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
        if (previous is not null && EvaluationRootSpan.IsInEvaluation(previous))
        {
            return source.StartActivity(name, kind, previous.Context, tags);
        }

        ActivityLink[]? links = previous is null ? null : [new ActivityLink(previous.Context)];
        Activity.Current = null;
        var activity = source.StartActivity(name, kind, parentContext: default, tags, links);
        if (activity is null)
        {
            Activity.Current = previous;
        }

        return activity;
    }

    /// <summary>
    /// Sets tags, the session id and the user id of the trace being recorded, as Python's <c>mlflow.update_current_trace</c>:
    /// they go on the trace of <see cref="Activity.Current"/>, whose root is its outermost in-process parent. Tags become trace
    /// tags (so a filter such as <c>tags.env = 'prod'</c> matches), the ids become MLflow's <c>mlflow.trace.session</c> and
    /// <c>mlflow.trace.user</c> metadata (so session-level judges see the trace's session). Calls add to each other; a later
    /// value for the same key wins. In local mode they are written with the trace; against an MLflow server they are sent
    /// after its spans, through MLflow's trace-info and trace-tag calls.
    /// </summary>
    /// <param name="tags">Tags to set, or <see langword="null"/>.</param>
    /// <param name="sessionId">The session (conversation) the trace belongs to, or <see langword="null"/> to leave it.</param>
    /// <param name="userId">The user the trace was recorded for, or <see langword="null"/> to leave it.</param>
    /// <returns><see langword="true"/> when a trace is being recorded; <see langword="false"/> (nothing set) when there is no current span.</returns>
    /// <exception cref="ArgumentException">A tag key is empty, a key or value is too long for MLflow, or an id is empty.</exception>
    public static bool UpdateCurrentTrace(
        IReadOnlyDictionary<string, string>? tags = null, string? sessionId = null, string? userId = null)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(tags));
            ArgumentNullException.ThrowIfNull(value, nameof(tags));
            if (key.Length > MlflowClient.MaxTraceTagKeyLength || value.Length > MlflowClient.MaxTraceTagValueLength)
            {
                throw new ArgumentException(
                    $"Trace tag '{(key.Length > 40 ? key[..40] + "…" : key)}' is too long: MLflow stores keys of at most {MlflowClient.MaxTraceTagKeyLength} and values of at most {MlflowClient.MaxTraceTagValueLength} characters.",
                    nameof(tags));
            }
        }

        if (sessionId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        }

        if (userId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        }

        var root = Activity.Current;
        if (root is null)
        {
            return false;
        }

        while (root.Parent is { } parent)
        {
            root = parent;
        }

        if (tags is { Count: > 0 } || sessionId is not null || userId is not null)
        {
            TraceUpdate.For(root).Apply(tags, sessionId, userId);
        }

        return true;
    }
}
