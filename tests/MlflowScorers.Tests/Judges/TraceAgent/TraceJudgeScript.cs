using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Judges.TraceAgent;

/// <summary>Chat completion bodies in which the model calls tools, for scripting a trace-reading judge.</summary>
internal static class TraceJudgeScript
{
    /// <summary>A completion whose message asks for the given function calls and has no content.</summary>
    public static string Calls(params (string Id, string Name, string Arguments)[] calls) => new JsonObject
    {
        ["id"] = "chatcmpl-tools",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                }).ToArray()),
            },
            ["finish_reason"] = "tool_calls",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 10 },
    }.ToJsonString();

    /// <summary>The messages of a request to the endpoint.</summary>
    public static JsonArray Messages(JsonNode request) => request["messages"]!.AsArray();

    /// <summary>The content of the tool message answering the call id, in the request.</summary>
    public static string ToolResult(JsonNode request, string callId) =>
        Messages(request).Single(m => m!["role"]!.GetValue<string>() == "tool" && m["tool_call_id"]!.GetValue<string>() == callId)!["content"]!.GetValue<string>();
}
