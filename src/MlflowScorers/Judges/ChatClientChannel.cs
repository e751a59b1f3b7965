using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace MlflowScorers.Judges;

/// <summary>Calls any <see cref="IChatClient"/> the caller supplies, asking for JSON-schema output when a schema is given.</summary>
internal sealed class ChatClientChannel(IChatClient client, string? modelId) : IJudgeChannel
{
    public string Key => $"chat-client#{modelId}";

    public async Task<JudgeCompletion> CompleteAsync(
        IReadOnlyList<JudgeMessage> messages, JsonObject? responseSchema, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { ModelId = modelId };
        if (responseSchema is not null)
        {
            using var schema = JsonDocument.Parse(responseSchema.ToJsonString());
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "JudgeEvaluation");
        }

        var chat = messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var response = await client.GetResponseAsync(chat, options, cancellationToken).ConfigureAwait(false);
        return new JudgeCompletion(response.Text, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
    }
}
