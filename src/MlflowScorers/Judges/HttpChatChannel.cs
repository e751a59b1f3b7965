using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

using MlflowScorers.Configuration;
using MlflowScorers.Transport;

namespace MlflowScorers.Judges;

/// <summary>
/// Calls an OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI's v1 API, local servers) or a Databricks
/// serving endpoint (<c>/serving-endpoints/{name}/invocations</c>), which takes the same messages.
/// </summary>
internal sealed class HttpChatChannel : IJudgeChannel
{
    private const int MaxErrorBodyLength = 500;
    private static readonly JsonSerializerOptions s_bodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _model;
    private readonly MlflowCredentials? _credentials;
    private readonly bool _isDatabricks;

    private HttpChatChannel(HttpClient http, Uri endpoint, string? model, MlflowCredentials? credentials, bool isDatabricks)
    {
        _http = http;
        _endpoint = endpoint;
        _model = model;
        _credentials = credentials;
        _isDatabricks = isDatabricks;
    }

    public string Key => $"{_endpoint}#{_model}";

    /// <summary>
    /// An OpenAI-compatible endpoint: POST <c>{baseUrl}/chat/completions</c> with the model name. The credentials must
    /// already have passed <see cref="CredentialRule"/> for <paramref name="baseUrl"/> (the runtime checks them when it is built).
    /// </summary>
    public static HttpChatChannel OpenAI(HttpClient http, Uri baseUrl, string model, MlflowCredentials? apiKey) =>
        new(http, new Uri(WithTrailingSlash(baseUrl), "chat/completions"), model, apiKey, isDatabricks: false);

    /// <summary>A Databricks serving endpoint: POST <c>{host}/serving-endpoints/{endpoint}/invocations</c>; credentials as for <see cref="OpenAI"/>.</summary>
    public static HttpChatChannel Databricks(HttpClient http, Uri host, string endpointName, MlflowCredentials token) =>
        new(http, new Uri(WithTrailingSlash(host), $"serving-endpoints/{Uri.EscapeDataString(endpointName)}/invocations"), null, token, isDatabricks: true);

    public async Task<JudgeCompletion> CompleteAsync(
        IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? responseSchema, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (_model is not null)
        {
            body["model"] = _model;
        }

        body["messages"] = new JsonArray(messages.Select(WireMessage).ToArray());
        if (tools.Count > 0)
        {
            body["tools"] = new JsonArray(tools.Select(t => (JsonNode)new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = t.Parameters.DeepClone() },
            }).ToArray());
            body["tool_choice"] = "auto";
        }

        if (responseSchema is not null)
        {
            if (_isDatabricks)
            {
                body["response_schema"] = responseSchema.DeepClone();
            }
            else
            {
                body["response_format"] = new JsonObject
                {
                    ["type"] = "json_schema",
                    ["json_schema"] = new JsonObject { ["name"] = "JudgeEvaluation", ["schema"] = responseSchema.DeepClone() },
                };
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body.ToJsonString(s_bodyOptions), Encoding.UTF8, "application/json"),
        };
        if (_credentials is not null)
        {
            await _credentials.Authenticator.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var redacted = AuthorizationRedaction.Redact(text, request);
            var shown = redacted.Length > MaxErrorBodyLength ? redacted[..MaxErrorBodyLength] + "…" : redacted;
            var failure = new HttpRequestException(
                $"The judge endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}: {shown}", null, response.StatusCode);
            if (response.Headers.RetryAfter?.Delta is { } retryAfter)
            {
                failure.Data[JudgeInvoker.RetryAfterKey] = retryAfter;
            }

            throw failure;
        }

        return ReadCompletion(text);
    }

    /// <summary>A message in the chat completions format: an assistant turn carries its tool calls, a tool turn its call id.</summary>
    private static JsonNode WireMessage(JudgeMessage message)
    {
        var wire = new JsonObject { ["role"] = message.Role, ["content"] = message.Content };
        if (message.ToolCalls.Count > 0)
        {
            wire["tool_calls"] = new JsonArray(message.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            }).ToArray());
        }

        if (message.ToolCallId is { } callId)
        {
            wire["tool_call_id"] = callId;
        }

        return wire;
    }

    private static JudgeCompletion ReadCompletion(string text)
    {
        var reply = JsonNode.Parse(text);
        var replyMessage = reply?["choices"]?[0]?["message"];
        var toolCalls = ReadToolCalls(replyMessage?["tool_calls"]);
        var content = replyMessage?["content"];
        var message = content switch
        {
            JsonArray parts => string.Concat(parts.Where(p => PythonFormat.AsString(p?["type"]) == "text").Select(p => PythonFormat.AsString(p?["text"]))),
            _ => PythonFormat.AsString(content),
        } ?? (toolCalls.Length > 0 ? string.Empty : throw new JudgeException(JudgeException.BadRequest, $"The judge endpoint's reply has no message content. Response: {text}"));
        var usage = reply?["usage"];
        return new JudgeCompletion(message, ReadLong(usage?["prompt_tokens"]), ReadLong(usage?["completion_tokens"])) { ToolCalls = toolCalls };
    }

    /// <summary>
    /// The reply's tool calls, kept even when malformed (no id, no name, arguments that are not text) so the agent can answer
    /// each with an error the model sees.
    /// </summary>
    private static JudgeToolCall[] ReadToolCalls(JsonNode? calls) => calls is JsonArray array
        ? array.Select((call, i) => new JudgeToolCall(
            PythonFormat.AsString(call?["id"]) ?? $"call_{i}",
            PythonFormat.AsString(call?["function"]?["name"]) ?? string.Empty,
            call?["function"]?["arguments"] switch
            {
                null => string.Empty,
                JsonValue value when value.TryGetValue<string>(out var arguments) => arguments,
                var other => other.ToJsonString(),
            })).ToArray()
        : [];

    private static long? ReadLong(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number
        : node is JsonValue element && element.TryGetValue<System.Text.Json.JsonElement>(out var e) && e.TryGetInt64(out var parsed) ? parsed
        : null;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
