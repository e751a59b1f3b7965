using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Traces;

/// <summary>
/// Derives, once for every path that records a trace (the OpenTelemetry exporter and the local trace writer), what MLflow
/// derives from a trace's spans: the request and response previews, the trace metadata (<c>mlflow.trace_schema.version</c>,
/// <c>mlflow.traceInputs</c>, <c>mlflow.traceOutputs</c>, <c>mlflow.trace.tokenUsage</c>) and the <c>mlflow.traceName</c> tag.
/// Values already set on the info (by the application, or by a server) are kept.
/// </summary>
internal static class TraceInfoBuilder
{
    /// <summary>MLflow's longest request or response preview on its own servers (<c>TRACE_REQUEST_RESPONSE_PREVIEW_MAX_LENGTH_OSS</c>).</summary>
    public const int PreviewMaxLength = 1000;

    /// <summary>MLflow's longest <c>mlflow.traceInputs</c> / <c>mlflow.traceOutputs</c> value (<c>MAX_CHARS_IN_TRACE_INFO_METADATA</c>).</summary>
    public const int MetadataMaxLength = 250;

    /// <summary>The tag that names the trace.</summary>
    public const string TraceNameKey = "mlflow.traceName";

    /// <summary>The metadata key of the token usage summed over the spans.</summary>
    public const string TokenUsageKey = "mlflow.trace.tokenUsage";

    private const string Ellipsis = "...";
    private const string SchemaVersionKey = "mlflow.trace_schema.version";
    private const string TraceInputsKey = "mlflow.traceInputs";
    private const string TraceOutputsKey = "mlflow.traceOutputs";
    private const string InputTokens = "gen_ai.usage.input_tokens";
    private const string OutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>The info with the previews, metadata and name tag MLflow derives from the spans filled in where missing.</summary>
    public static TraceInfo Complete(TraceInfo info, IReadOnlyList<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(spans);
        var root = spans.FirstOrDefault(s => s.ParentId is null);
        var metadata = new Dictionary<string, string>(info.Metadata, StringComparer.Ordinal);
        metadata.TryAdd(SchemaVersionKey, "3");
        AddMissing(metadata, TraceInputsKey, Cut(JsonText(root?.Inputs), MetadataMaxLength));
        AddMissing(metadata, TraceOutputsKey, Cut(JsonText(root?.Outputs), MetadataMaxLength));
        AddMissing(metadata, TokenUsageKey, TokenUsage(spans));
        var tags = new Dictionary<string, string>(info.Tags, StringComparer.Ordinal);
        AddMissing(tags, TraceNameKey, root?.Name);
        return info with
        {
            RequestPreview = info.RequestPreview ?? Preview(root?.Inputs, "user"),
            ResponsePreview = info.ResponsePreview ?? Preview(root?.Outputs, "assistant"),
            Metadata = metadata,
            Tags = tags,
        };
    }

    /// <summary>
    /// A preview as MLflow makes one: for chat-shaped values (<c>messages</c>, <c>choices[0].message</c>, <c>input</c>,
    /// <c>output</c>, or those under <c>request</c>) the text of the last message with the role (else of the last message);
    /// otherwise the value's JSON text; cut to <see cref="PreviewMaxLength"/> characters ending in <c>...</c>.
    /// </summary>
    /// <param name="value">The root span's inputs or outputs.</param>
    /// <param name="role"><c>user</c> for the request, <c>assistant</c> for the response.</param>
    public static string? Preview(JsonNode? value, string role)
    {
        if (value is null)
        {
            return null;
        }

        var text = Messages(value) is { Count: > 0 } messages ? TextOf(LastWithRole(messages, role)) : null;
        return Cut(string.IsNullOrEmpty(text) ? JsonText(value) : text, PreviewMaxLength);
    }

    private static string? JsonText(JsonNode? value) => value is null ? null : PythonJsonText.Write(value, ensureAscii: false);

    private static string? Cut(string? text, int maxLength) =>
        text is null || text.Length <= maxLength ? text : text[..(maxLength - Ellipsis.Length)] + Ellipsis;

    private static List<JsonObject>? Messages(JsonNode value)
    {
        if (value is not JsonObject obj)
        {
            return null;
        }

        if (obj["messages"] is JsonArray { Count: > 0 } messages)
        {
            return messages.OfType<JsonObject>().Where(IsMessage).ToList();
        }

        if (obj["choices"] is JsonArray { Count: > 0 } choices && choices[0] is JsonObject choice
            && choice["message"] is JsonObject message && IsMessage(message))
        {
            return [message];
        }

        foreach (var key in new[] { "input", "output" })
        {
            if (obj[key] is JsonArray { Count: > 0 } items)
            {
                return items.OfType<JsonObject>().Where(IsMessage).ToList();
            }
        }

        return obj.TryGetPropertyValue("request", out var request) && request is not null ? Messages(request) : null;
    }

    private static bool IsMessage(JsonObject item) => item.ContainsKey("role") && item.ContainsKey("content");

    private static JsonObject LastWithRole(List<JsonObject> messages, string role) =>
        messages.LastOrDefault(m => m["role"] is JsonValue r && r.TryGetValue<string>(out var text) && text == role) ?? messages[^1];

    private static string? TextOf(JsonObject message)
    {
        switch (message["content"])
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonArray parts:
                foreach (var part in parts)
                {
                    if (part is JsonValue plain && plain.TryGetValue<string>(out var partText))
                    {
                        return partText;
                    }

                    if (part is JsonObject typed && typed["type"] is JsonValue type && type.TryGetValue<string>(out var kind)
                        && kind is "text" or "output_text")
                    {
                        return typed["text"] is JsonValue t && t.TryGetValue<string>(out var typedText) ? typedText : null;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? TokenUsage(IReadOnlyList<Span> spans)
    {
        long input = 0, output = 0;
        var found = false;
        foreach (var span in spans)
        {
            found |= AddTokens(span, InputTokens, ref input);
            found |= AddTokens(span, OutputTokens, ref output);
        }

        return found
            ? PythonJsonText.Write(new JsonObject { ["input_tokens"] = input, ["output_tokens"] = output, ["total_tokens"] = input + output })
            : null;
    }

    private static bool AddTokens(Span span, string key, ref long total)
    {
        if (span.Attributes.GetValueOrDefault(key) is JsonValue value && value.TryGetValue<long>(out var count))
        {
            total += count;
            return true;
        }

        return false;
    }

    private static void AddMissing(Dictionary<string, string> map, string key, string? value)
    {
        if (value is not null)
        {
            map.TryAdd(key, value);
        }
    }
}
