using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Diagnostics;

namespace MlflowScorers.Judges.Tracing;

/// <summary>
/// The trace of one scorer run (<see cref="ScorerTraces"/>): its root span, started as the root of a new trace whatever span is
/// current, and the spans of the model and tool calls made under it. Disposing ends the root and puts the span that was current
/// before back.
/// </summary>
internal sealed class ScorerTraceScope : IDisposable
{
    /// <summary>MLflow's span attribute names, as the exporter maps them.</summary>
    public const string SpanTypeAttribute = SpanAttributeKeys.SpanType;
    public const string SpanInputsAttribute = SpanAttributeKeys.SpanInputs;
    public const string SpanOutputsAttribute = SpanAttributeKeys.SpanOutputs;

    private const string SourceScorerProperty = "MlflowScorers.SourceScorer";

    private static readonly ActivitySource s_source = new(ScorerTraces.ActivitySourceName, MlflowDiagnostics.Version);
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Activity _root;
    private readonly Activity? _previous;

    private ScorerTraceScope(Activity root, Activity? previous)
    {
        _root = root;
        _previous = previous;
    }

    /// <summary>The MLflow id of the trace: <c>tr-</c> and the 32-hex trace id.</summary>
    public string TraceId => "tr-" + _root.TraceId.ToHexString();

    /// <summary>
    /// Starts the trace of a run of <paramref name="scorerName"/> over <paramref name="context"/>; <see langword="null"/> when
    /// nothing listens to scorer traces.
    /// </summary>
    public static ScorerTraceScope? Start(string scorerName, ScorerContext context)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        Activity.Current = null;
        var root = s_source.StartActivity(scorerName, ActivityKind.Internal, parentContext: default);
        if (root is null)
        {
            Activity.Current = previous;
            return null;
        }

        root.SetCustomProperty(SourceScorerProperty, scorerName);
        root.SetTag(SpanTypeAttribute, "EVALUATOR");
        root.SetTag(SpanInputsAttribute, Json(InputsOf(context)));
        return new ScorerTraceScope(root, previous);
    }

    /// <summary>The scorer whose run <paramref name="root"/> records, when it is the root of a scorer trace.</summary>
    public static string? SourceScorerOf(Activity root) =>
        root.Source == s_source ? root.GetCustomProperty(SourceScorerProperty) as string : null;

    /// <summary>
    /// Starts a span for a step of the scorer run in progress (a model or tool call); <see langword="null"/> outside a scorer
    /// trace, so judges run without scorer tracing record nothing.
    /// </summary>
    public static Activity? StartStep(string name, string spanType, JsonNode? inputs)
    {
        if (Activity.Current?.Source != s_source)
        {
            return null;
        }

        var step = s_source.StartActivity(name);
        step?.SetTag(SpanTypeAttribute, spanType);
        step?.SetTag(SpanInputsAttribute, Json(inputs));
        return step;
    }

    /// <summary>Sets the outputs of a span.</summary>
    public static void SetOutputs(Activity? span, JsonNode? outputs) => span?.SetTag(SpanOutputsAttribute, Json(outputs));

    /// <summary>Marks a span as failed: status Error with the exception's message, and the exception as an event.</summary>
    public static void Fail(Activity? span, Exception exception) => MlflowDiagnostics.RecordFailure(span, exception);

    /// <summary>Marks the run as failed by an exception.</summary>
    public void Fail(Exception exception) => Fail(_root, exception);

    /// <summary>
    /// Records the feedback as the run's outputs (status Error when one carries an error) and returns it with
    /// <see cref="ScorerTraces.TraceIdMetadataKey"/> added, when the trace is recorded.
    /// </summary>
    public IReadOnlyList<Feedback> Complete(IReadOnlyList<Feedback> feedback)
    {
        SetOutputs(_root, feedback.Count == 1 ? OutputOf(feedback[0]) : new JsonArray([.. feedback.Select(OutputOf)]));
        if (_root.Status != ActivityStatusCode.Error && feedback.FirstOrDefault(f => f.Error is not null)?.Error is { } error)
        {
            _root.SetStatus(ActivityStatusCode.Error, $"{error.ErrorCode}: {error.ErrorMessage}");
        }

        if (!_root.Recorded)
        {
            return feedback;
        }

        return feedback.Select(f => f with
        {
            Metadata = new Dictionary<string, string>(f.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [ScorerTraces.TraceIdMetadataKey] = TraceId,
            },
        }).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _root.Stop();
        Activity.Current = _previous;
    }

    private static string? Json(JsonNode? node) => node?.ToJsonString(s_json);

    private static JsonObject InputsOf(ScorerContext context)
    {
        var inputs = new JsonObject();
        Add(inputs, "inputs", context.Inputs?.DeepClone());
        Add(inputs, "outputs", context.Outputs?.DeepClone());
        if (context.Expectations is { Count: > 0 } expectations)
        {
            inputs["expectations"] = new JsonObject(expectations.Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone())));
        }

        Add(inputs, "trace_id", context.TraceId ?? context.Trace?.TraceId);
        if (context.Session is { Count: > 0 } session)
        {
            inputs["session"] = new JsonArray([.. session.Select(t => (JsonNode?)JsonValue.Create(t.TraceId))]);
        }

        return inputs;
    }

    private static void Add(JsonObject target, string key, JsonNode? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }

    private static void Add(JsonObject target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }

    private static JsonObject OutputOf(Feedback feedback)
    {
        var output = new JsonObject { ["name"] = feedback.Name };
        Add(output, "value", feedback.Value?.DeepClone());
        Add(output, "rationale", feedback.Rationale);
        if (feedback.Error is { } error)
        {
            output["error"] = new JsonObject { ["error_code"] = error.ErrorCode, ["error_message"] = error.ErrorMessage };
        }

        return output;
    }
}
