using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tracing;

/// <summary>
/// Turns the OpenTelemetry GenAI message forms into the chat shapes MLflow shows and its judges read: inputs
/// <c>{"messages": [{"role", "content"}]}</c> and outputs <c>{"choices": [{"index", "message", "finish_reason"}]}</c>.
/// Reads the <c>gen_ai.input.messages</c> / <c>gen_ai.output.messages</c> attributes (parts with <c>text</c>,
/// <c>tool_call</c> and <c>tool_call_response</c>) and the older <c>gen_ai.{role}.message</c> / <c>gen_ai.choice</c> events.
/// </summary>
internal static class GenAiMessages
{
    /// <summary>Parses an attribute holding JSON text; other text becomes a JSON string; a list is wrapped in an object.</summary>
    public static JsonNode? ParseValue(string? text) => Parse(text) switch
    {
        JsonArray array => new JsonObject { ["value"] = array },
        var node => node,
    };

    /// <summary>Chat inputs from the system instructions and input messages attributes; <see langword="null"/> without messages.</summary>
    public static JsonNode? ToChatInputs(string? systemInstructions, string? inputMessages)
    {
        if (Parse(inputMessages) is not JsonArray input)
        {
            return null;
        }

        var messages = new JsonArray();
        if (Parse(systemInstructions) is JsonArray system)
        {
            messages.Add((JsonNode)new JsonObject { ["role"] = "system", ["content"] = TextOf(system) });
        }

        foreach (var message in input.OfType<JsonObject>().SelectMany(ToChatMessages))
        {
            messages.Add((JsonNode)message);
        }

        return new JsonObject { ["messages"] = messages };
    }

    /// <summary>Chat outputs from the output messages attribute; <see langword="null"/> without it.</summary>
    public static JsonNode? ToChatOutputs(string? outputMessages)
    {
        if (Parse(outputMessages) is not JsonArray output)
        {
            return null;
        }

        var choices = new JsonArray();
        foreach (var (message, index) in output.OfType<JsonObject>().Select((m, i) => (m, i)))
        {
            choices.Add((JsonNode)new JsonObject
            {
                ["index"] = index,
                ["message"] = ToChatMessages(message).FirstOrDefault(),
                ["finish_reason"] = message["finish_reason"]?.DeepClone(),
            });
        }

        return new JsonObject { ["choices"] = choices };
    }

    /// <summary>Chat inputs from <c>gen_ai.{role}.message</c> events; <see langword="null"/> without such events.</summary>
    public static JsonNode? ChatInputsFromEvents(IEnumerable<ActivityEvent> events)
    {
        var messages = new JsonArray();
        foreach (var activityEvent in events)
        {
            var name = activityEvent.Name;
            if (name.StartsWith("gen_ai.", StringComparison.Ordinal) && name.EndsWith(".message", StringComparison.Ordinal))
            {
                var message = EventContent(activityEvent);
                message["role"] = name["gen_ai.".Length..^".message".Length];
                messages.Add((JsonNode)message);
            }
        }

        return messages.Count == 0 ? null : new JsonObject { ["messages"] = messages };
    }

    /// <summary>Chat outputs from <c>gen_ai.choice</c> events; <see langword="null"/> without such events.</summary>
    public static JsonNode? ChatOutputsFromEvents(IEnumerable<ActivityEvent> events)
    {
        var choices = new JsonArray();
        foreach (var activityEvent in events.Where(e => e.Name == MlflowAttributes.ChoiceEvent))
        {
            var choice = EventContent(activityEvent);
            if (choice["message"] is JsonObject message && message["role"] is null)
            {
                message["role"] = "assistant";
            }

            choices.Add((JsonNode)choice);
        }

        return choices.Count == 0 ? null : new JsonObject { ["choices"] = choices };
    }

    private static IEnumerable<JsonObject> ToChatMessages(JsonObject message)
    {
        var parts = message["parts"] as JsonArray ?? [];
        var toolCalls = new JsonArray();
        foreach (var part in parts.OfType<JsonObject>())
        {
            switch (TypeOf(part))
            {
                case "tool_call":
                    toolCalls.Add((JsonNode)new JsonObject
                    {
                        ["id"] = part["id"]?.DeepClone(),
                        ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = part["name"]?.DeepClone(),
                            ["arguments"] = part["arguments"]?.ToJsonString() ?? "{}",
                        },
                    });
                    break;
                case "tool_call_response":
                    yield return new JsonObject
                    {
                        ["role"] = "tool",
                        ["tool_call_id"] = part["id"]?.DeepClone(),
                        ["content"] = part["response"] is JsonValue value && value.TryGetValue<string>(out var text)
                            ? text
                            : part["response"]?.ToJsonString(),
                    };
                    break;
            }
        }

        var content = TextOf(parts);
        if (content is not null || toolCalls.Count > 0)
        {
            var result = new JsonObject { ["role"] = message["role"]?.DeepClone(), ["content"] = content };
            if (toolCalls.Count > 0)
            {
                result["tool_calls"] = toolCalls;
            }

            yield return result;
        }
    }

    private static string? TextOf(JsonArray parts)
    {
        var texts = parts.OfType<JsonObject>()
            .Where(p => TypeOf(p) == "text" && p["content"] is JsonValue)
            .Select(p => p["content"]!.GetValue<string>())
            .ToArray();
        return texts.Length == 0 ? null : string.Join(string.Empty, texts);
    }

    private static string? TypeOf(JsonObject part) => part["type"] is JsonValue type && type.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject EventContent(ActivityEvent activityEvent)
    {
        var content = activityEvent.Tags.FirstOrDefault(t => t.Key == MlflowAttributes.EventContent).Value as string;
        return Parse(content) as JsonObject ?? [];
    }

    private static JsonNode? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
