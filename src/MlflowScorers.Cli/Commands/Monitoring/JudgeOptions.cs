using System;
using System.CommandLine;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Client;
using MlflowScorers.Configuration;

namespace MlflowScorers.Cli.Commands.Monitoring;

/// <summary><c>--judge-model</c> and <c>--judge-base-url</c>: where LLM judges run in .NET (evaluate, monitor, backfill). The
/// key and base URL come through the SDK's resolver (OPENAI_API_KEY, OPENAI_BASE_URL) when not given here.</summary>
internal sealed class JudgeOptions
{
    /// <summary><c>--judge-model</c>.</summary>
    public Option<string?> Model { get; } = new("--judge-model")
    {
        Description = "The model LLM judges run on in .NET when a scorer names none (openai:/model, databricks:/endpoint).",
    };

    /// <summary><c>--judge-base-url</c>.</summary>
    public Option<string?> BaseUrl { get; } = new("--judge-base-url")
    {
        Description = "The base URL of the OpenAI-compatible endpoint openai:/ models run on; default OPENAI_BASE_URL, else OpenAI's own. The key is OPENAI_API_KEY.",
    };

    /// <summary>Adds both options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(BaseUrl);
    }

    /// <summary>The judge runtime for this invocation.</summary>
    public JudgeRuntime Create(CommandContext context)
    {
        var parse = context.ParseResult;
        var judgeOptions = new JudgeRuntimeOptions();
        var settings = ClientSettings.Resolver(context.ClientOptions, section: null, EnvironmentReader.Process);
        judgeOptions.DefaultModel = parse.GetValue(Model) ?? judgeOptions.DefaultModel;
        judgeOptions.OpenAIApiKey = settings.Get(SettingKey.OpenAIApiKey);
        judgeOptions.OpenAIBaseUrl = settings.Get(SettingKey.OpenAIBaseUrl, parse.GetValue(BaseUrl)) is { } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new CliUsageException($"--judge-base-url '{url}' is not an absolute http(s) URL.")
            : judgeOptions.OpenAIBaseUrl;
        return new JudgeRuntime(judgeOptions);
    }
}
