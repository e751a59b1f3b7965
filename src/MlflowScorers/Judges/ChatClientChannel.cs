using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace MlflowScorers.Judges;

/// <summary>
/// Calls any <see cref="IChatClient"/> the caller supplies, asking for JSON-schema output when a schema is given and offering
/// tools as function declarations (the client must not invoke them itself: the judge answers each call).
/// </summary>
internal sealed class ChatClientChannel(IChatClient client, string? modelId) : IJudgeChannel
{
    public string Key => $"chat-client#{modelId}";

    public async Task<JudgeCompletion> CompleteAsync(
        IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? responseSchema, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { ModelId = modelId };
        if (responseSchema is not null)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(ToElement(responseSchema), "JudgeEvaluation");
        }

        if (tools.Count > 0)
        {
            options.Tools = tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, ToElement(t.Parameters))).ToList();
            options.ToolMode = ChatToolMode.Auto;
        }

        var chat = messages.Select(ToChatMessage).ToList();
        var response = await client.GetResponseAsync(chat, options, cancellationToken).ConfigureAwait(false);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new JudgeToolCall(c.CallId, c.Name, ArgumentsOf(c))).ToArray();
        return new JudgeCompletion(response.Text, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount) { ToolCalls = calls };
    }

    private static ChatMessage ToChatMessage(JudgeMessage message)
    {
        if (message.ToolCallId is { } callId)
        {
            return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, message.Content)]);
        }

        if (message.ToolCalls.Count == 0)
        {
            return new ChatMessage(new ChatRole(message.Role), message.Content);
        }

        var contents = new List<AIContent>();
        if (message.Content.Length > 0)
        {
            contents.Add(new TextContent(message.Content));
        }

        contents.AddRange(message.ToolCalls.Select(c => new FunctionCallContent(c.Id, c.Name, ParseArguments(c.Arguments))));
        return new ChatMessage(ChatRole.Assistant, contents);
    }

    /// <summary>The call's arguments as JSON text; a client that could not parse them reports the failure, kept for the model to see.</summary>
    private static string ArgumentsOf(FunctionCallContent call) =>
        call.Exception is { } failure ? $"<unparsable arguments: {failure.Message}>"
        : call.Arguments is null ? "{}"
        : new JsonObject(call.Arguments.Select(a => KeyValuePair.Create(a.Key, ToNode(a.Value)))).ToJsonString();

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Arguments replayed to the client; text that is not a JSON object is kept under one key so nothing is lost.</summary>
    private static Dictionary<string, object?> ParseArguments(string arguments)
    {
        try
        {
            if (JsonNode.Parse(arguments) is JsonObject parsed)
            {
                return parsed.ToDictionary(p => p.Key, p => (object?)(p.Value is null ? null : ToElement(p.Value)));
            }
        }
        catch (JsonException)
        {
        }

        return new Dictionary<string, object?> { ["arguments"] = arguments };
    }

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
