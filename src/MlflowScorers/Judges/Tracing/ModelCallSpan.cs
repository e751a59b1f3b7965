using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges.Tracing;

/// <summary>
/// The <c>CHAT_MODEL</c> span of one call to a judge's model inside a scorer trace: the messages (and tool names) sent as
/// inputs, the reply in the chat-completions shape as outputs, and the token usage the endpoint reported as the
/// <c>gen_ai.usage.*</c> attributes MLflow sums into the trace's token usage.
/// </summary>
internal static class ModelCallSpan
{
    private const string InputTokens = "gen_ai.usage.input_tokens";
    private const string OutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>Starts the span, named <c>chat {model}</c>; <see langword="null"/> outside a scorer trace.</summary>
    public static Activity? Start(IJudgeChannel channel, IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools)
    {
        // Every channel's key ends in "#<model>" (the model may be empty).
        var model = channel.Key[(channel.Key.LastIndexOf('#') + 1)..];
        var inputs = new JsonObject { ["messages"] = new JsonArray([.. messages.Select(MessageOf)]) };
        if (tools.Count > 0)
        {
            inputs["tools"] = new JsonArray([.. tools.Select(t => (JsonNode?)JsonValue.Create(t.Name))]);
        }

        return ScorerTraceScope.StartStep(model.Length == 0 ? "chat" : "chat " + model, "CHAT_MODEL", inputs);
    }

    /// <summary>Records the reply and its token usage.</summary>
    public static void End(Activity? span, JudgeCompletion completion)
    {
        if (span is null)
        {
            return;
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = completion.Text };
        AddToolCalls(message, completion.ToolCalls);
        ScorerTraceScope.SetOutputs(span, new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message }) });
        if (completion.InputTokens is { } input)
        {
            span.SetTag(InputTokens, input);
        }

        if (completion.OutputTokens is { } output)
        {
            span.SetTag(OutputTokens, output);
        }
    }

    private static JsonNode MessageOf(JudgeMessage message)
    {
        var node = new JsonObject { ["role"] = message.Role, ["content"] = message.Content };
        AddToolCalls(node, message.ToolCalls);
        if (message.ToolCallId is { } id)
        {
            node["tool_call_id"] = id;
        }

        return node;
    }

    private static void AddToolCalls(JsonObject message, IReadOnlyList<JudgeToolCall> calls)
    {
        if (calls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode?)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }
    }
}
