using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Configuration;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Judges;

/// <summary>A WireMock chat endpoint that answers with a scripted sequence of replies and records every request.</summary>
internal sealed class ScriptedJudgeEndpoint : IDisposable
{
    public const string ChatPath = "/v1/chat/completions";

    public ScriptedJudgeEndpoint() => Server = WireMockServer.Start();

    public WireMockServer Server { get; }

    /// <summary>The JSON bodies received, in order.</summary>
    public IReadOnlyList<JsonNode> Requests =>
        Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => JsonNode.Parse(e.RequestMessage.Body!)!).ToArray();

    /// <summary>The text of every message of the request at the index, joined by blank lines.</summary>
    public string PromptOf(int index) =>
        string.Join("\n\n", Requests[index]["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));

    /// <summary>Answers the requests to the path in order; the last reply repeats.</summary>
    public ScriptedJudgeEndpoint Reply(string path, params (int Status, string Body)[] replies)
    {
        for (var i = 0; i < replies.Length; i++)
        {
            var given = Server.Given(Request.Create().WithPath(path).UsingPost());
            if (replies.Length > 1)
            {
                given = given.InScenario(path);
            }

            given = i == 0 ? given : given.WhenStateIs($"step{i}");
            if (replies.Length > 1)
            {
                given = given.WillSetStateTo($"step{Math.Min(i + 1, replies.Length - 1)}");
            }

            given.RespondWith(Response.Create().WithStatusCode(replies[i].Status).WithHeader("Content-Type", "application/json").WithBody(replies[i].Body));
        }

        return this;
    }

    /// <summary>Answers chat completions with the given message contents, in order.</summary>
    public ScriptedJudgeEndpoint ReplyWith(params string[] contents) =>
        Reply(ChatPath, contents.Select(c => (200, Completion(c))).ToArray());

    /// <summary>A runtime for <c>openai:/…</c> models pointing at this endpoint, without retry delays.</summary>
    public JudgeRuntime Runtime(Action<JudgeRuntimeOptions>? configure = null)
    {
        var options = new JudgeRuntimeOptions
        {
            OpenAIBaseUrl = new Uri(Server.Url! + "/v1"),
            OpenAIApiKey = "test-key",
            DatabricksHost = new Uri(Server.Url!),
            DatabricksToken = "dapi-test",
            SettingsResolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None),
            DefaultModel = "openai:/judge-model",
            RetryDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return new JudgeRuntime(options);
    }

    /// <summary>An OpenAI chat completion whose message content is the given text.</summary>
    public static string Completion(string content, int promptTokens = 120, int completionTokens = 30) => new JsonObject
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens },
    }.ToJsonString();

    /// <summary>A judge reply with the result and rationale.</summary>
    public static string Verdict(string result, string rationale = "Let's think step by step. It is fine.") =>
        new JsonObject { ["rationale"] = rationale, ["result"] = result }.ToJsonString();

    public void Dispose() => Server.Stop();
}
