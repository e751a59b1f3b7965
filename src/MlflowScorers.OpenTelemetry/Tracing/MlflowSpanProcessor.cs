using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Judges.Tracing;
using OpenTelemetry;

namespace MlflowScorers.Tracing;

/// <summary>
/// Maps each ending span to MLflow's conventions before it is exported: a raw <c>mlflow.spanType</c>, and
/// <c>mlflow.spanInputs</c> / <c>mlflow.spanOutputs</c> as JSON text taken from the GenAI attributes or events of
/// Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>. Values the application set itself are kept. The root of a scorer
/// trace (<see cref="ScorerTraces"/>) gets the trace tag <see cref="ScorerTraces.SourceScorerTag"/>.
/// </summary>
internal sealed class MlflowSpanProcessor : BaseProcessor<Activity>
{
    private static readonly Dictionary<string, string> s_spanTypes = new(StringComparer.Ordinal)
    {
        ["chat"] = "CHAT_MODEL",
        ["text_completion"] = "LLM",
        ["generate_content"] = "LLM",
        ["embeddings"] = "EMBEDDING",
        ["execute_tool"] = "TOOL",
        ["invoke_agent"] = "AGENT",
        ["create_agent"] = "AGENT",
    };

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var operation = data.GetTagItem(MlflowAttributes.OperationName) as string;
        if (data.GetTagItem(MlflowAttributes.SpanType) is null)
        {
            data.SetTag(MlflowAttributes.SpanType, SpanTypeFor(operation));
        }

        SetIfMissing(data, MlflowAttributes.SpanInputs, () => InputsOf(data, operation));
        SetIfMissing(data, MlflowAttributes.SpanOutputs, () => OutputsOf(data, operation));
        if (ActivityConverter.IsRoot(data) && ScorerTraceScope.SourceScorerOf(data) is { } scorer)
        {
            // A scorer's own trace is tagged with the scorer's name, written with the trace or sent after its spans.
            TraceUpdate.For(data).Apply([KeyValuePair.Create(ScorerTraces.SourceScorerTag, scorer)], null, null);
        }
    }

    /// <summary>The MLflow span type of a GenAI operation name; <c>UNKNOWN</c> for none or another.</summary>
    public static string SpanTypeFor(string? operation) =>
        operation is not null && s_spanTypes.TryGetValue(operation, out var type) ? type : SpanType.Unknown.ToString();

    private static void SetIfMissing(Activity activity, string key, Func<JsonNode?> value)
    {
        if (activity.GetTagItem(key) is null && value() is { } node)
        {
            activity.SetTag(key, node.ToJsonString(s_json));
        }
    }

    private static JsonNode? InputsOf(Activity activity, string? operation) => operation == "execute_tool"
        ? GenAiMessages.ParseValue(activity.GetTagItem(MlflowAttributes.ToolCallArguments) as string)
        : GenAiMessages.ToChatInputs(
            activity.GetTagItem(MlflowAttributes.SystemInstructions) as string,
            activity.GetTagItem(MlflowAttributes.InputMessages) as string)
          ?? GenAiMessages.ChatInputsFromEvents(activity.Events);

    private static JsonNode? OutputsOf(Activity activity, string? operation) => operation == "execute_tool"
        ? GenAiMessages.ParseValue(activity.GetTagItem(MlflowAttributes.ToolCallResult) as string)
        : GenAiMessages.ToChatOutputs(activity.GetTagItem(MlflowAttributes.OutputMessages) as string)
          ?? GenAiMessages.ChatOutputsFromEvents(activity.Events);
}
