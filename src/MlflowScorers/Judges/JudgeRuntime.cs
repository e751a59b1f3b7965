using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlflowScorers.Configuration;
using MlflowScorers.Judges;
using MlflowScorers.Judges.TraceAgent;

namespace MlflowScorers;

/// <summary>
/// Runs LLM judges in .NET: the built-in judges (trace- and session-level), prompt judges and instructions judges (field-based,
/// trace-reading and conversation modes), against a Databricks serving endpoint, an OpenAI-compatible endpoint or any <see cref="IChatClient"/>. Thread-safe.
/// </summary>
public sealed class JudgeRuntime
{
    private static readonly HttpClient s_sharedHttp = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private readonly string _defaultModel;
    private readonly IChatClient? _chatClient;
    private readonly Uri _openAIBaseUrl;
    private readonly MlflowCredentials? _openAIApiKey;
    private readonly JudgeRuntimeDatabricks _databricks;
    private readonly HttpClient _http;
    private readonly JudgeInvoker _invoker;
    private readonly TraceAgentLimits _traceAgentLimits;

    /// <summary>Creates a runtime; the options are copied.</summary>
    /// <param name="options">Where and how judges run.</param>
    /// <exception cref="ArgumentException">The default model is not a valid model URI.</exception>
    /// <exception cref="MlflowException">A key or token would be sent over plain http to a host other than this machine.</exception>
    /// <exception cref="DatabricksAuthenticationException">
    /// <see cref="JudgeRuntimeOptions.DatabricksHost"/> is set, or the default model is <c>databricks:/&lt;endpoint&gt;</c>, and no
    /// Databricks auth method is fully configured; the message lists the methods tried.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A trace-judge limit is negative (tool calls) or not positive (tokens).</exception>
    public JudgeRuntime(JudgeRuntimeOptions options)
        : this(options, clientWorkspace: null)
    {
    }

    /// <summary>Creates a runtime that shares the Databricks credentials of a client, unless the options set their own.</summary>
    internal JudgeRuntime(JudgeRuntimeOptions options, Databricks.Auth.DatabricksWorkspace? clientWorkspace)
    {
        ArgumentNullException.ThrowIfNull(options);
        _defaultModel = JudgeModelUri.Parse(options.DefaultModel).Value;
        _chatClient = options.ChatClient;
        _openAIBaseUrl = options.OpenAIBaseUrl;
        _openAIApiKey = BearerOrNone(options.OpenAIApiKey);
        CredentialRule.EnsureAllowed(_openAIBaseUrl, _openAIApiKey, "JudgeRuntimeOptions.OpenAIBaseUrl");
        _databricks = new JudgeRuntimeDatabricks(options, clientWorkspace);
        if (_chatClient is null
            && (options.DatabricksHost is not null || JudgeModelUri.Parse(_defaultModel) is { IsDatabricks: true, Value: not JudgeModelUri.DatabricksManaged }))
        {
            _databricks.Resolve();
        }

        _http = options.HttpClient ?? s_sharedHttp;
        ArgumentOutOfRangeException.ThrowIfNegative(options.TraceJudgeMaxToolCalls, nameof(options.TraceJudgeMaxToolCalls));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TraceJudgeMaxTokens, nameof(options.TraceJudgeMaxTokens));
        _invoker = new JudgeInvoker(options.MaxRetries, options.RetryDelay, options.AttemptTimeout, options.TimeProvider);
        _traceAgentLimits = new TraceAgentLimits(options.TraceJudgeMaxToolCalls, options.TraceJudgeMaxTokens);
        RecordsScorerTraces = options.RecordScorerTraces;
    }

    /// <summary>Whether a <see cref="ScorerRunner"/> with this runtime records each scorer run as a trace (<see cref="JudgeRuntimeOptions.RecordScorerTraces"/>).</summary>
    internal bool RecordsScorerTraces { get; }

    /// <summary>Runs a judge on one row, trace or session.</summary>
    /// <param name="judge">The judge.</param>
    /// <param name="context">
    /// The inputs, outputs, expectations and trace; fields left unset are taken from the trace. Session-level judges read
    /// <see cref="ScorerContext.Session"/> only.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>
    /// The feedback: one for most judges, one per retriever span or chunk for the retrieval judges; a session-level judge's
    /// feedback is attached to the session's first trace and its root span.
    /// </returns>
    /// <exception cref="MlflowException">
    /// A required field is missing (a session-level judge without a session), the session's traces do not share one session id,
    /// or the judge's reply cannot be parsed.
    /// </exception>
    /// <exception cref="NotSupportedException">The judge cannot run in .NET (a judge type .NET does not know).</exception>
    /// <remarks>
    /// <see cref="KnowledgeRetention"/> differs from MLflow in one respect: MLflow asks an inner judge about each turn, while
    /// .NET makes one call over the whole conversation that asks for a finding per turn in the rationale.
    /// </remarks>
    /// <exception cref="HttpRequestException">The endpoint failed after the retries.</exception>
    /// <exception cref="TimeoutException">An attempt timed out and no retry was left.</exception>
    public Task<IReadOnlyList<Feedback>> RunAsync(JudgeScorer judge, ScorerContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(context);
        context = context.WithTraceFields();
        return judge switch
        {
            BuiltInJudge builtIn => BuiltInJudgeRunner.RunAsync(this, builtIn, context, cancellationToken),
            InstructionsJudge instructions => InstructionsJudgeRunner.RunAsync(this, instructions, context, cancellationToken),
            PromptJudge prompt => PromptJudgeRunner.RunAsync(this, prompt, context, cancellationToken),
            _ => throw new NotSupportedException($"Judge '{judge.Name}' of type {judge.GetType().Name} cannot run in .NET."),
        };
    }

    /// <summary>
    /// Lets the judge's model read the trace through the trace tools until it gives its verdict (an instructions judge that
    /// uses <c>{{ trace }}</c>); the limits of the options bound the loop.
    /// </summary>
    internal Task<Feedback> InvestigateAsync(
        JudgeScorer judge, IReadOnlyList<JudgeMessage> messages, JsonObject responseSchema, Trace trace, CancellationToken cancellationToken)
    {
        var model = ModelOf(judge);
        return TraceJudgeAgent.RunAsync(_invoker, ChannelFor(model), model, judge.Name, messages, responseSchema, trace, _traceAgentLimits, cancellationToken);
    }

    /// <summary>The model URI a judge uses: its own, or the default.</summary>
    internal string ModelOf(JudgeScorer judge) => judge.Model ?? _defaultModel;

    /// <summary>Asks the judge's model and turns the reply into feedback named <paramref name="name"/>.</summary>
    internal async Task<Feedback> AskAsync(
        JudgeScorer judge, string name, IReadOnlyList<JudgeMessage> messages, JsonObject responseSchema, bool normalizeYesNo, CancellationToken cancellationToken)
    {
        var model = ModelOf(judge);
        var (verdict, metadata) = await _invoker.AskAsync(ChannelFor(model), messages, responseSchema, cancellationToken).ConfigureAwait(false);
        return new Feedback
        {
            Name = name,
            Value = normalizeYesNo ? JsonValue.Create(JudgeOutputParser.NormalizeYesNo(verdict.Result)) : verdict.Result,
            Rationale = verdict.Rationale,
            Source = AssessmentSource.FromLlmJudge(model),
            Metadata = metadata.Count == 0 ? null : metadata,
        };
    }

    private static MlflowCredentials? BearerOrNone(string? token) =>
        string.IsNullOrWhiteSpace(token) ? null : MlflowCredentials.Bearer(token);

    private IJudgeChannel ChannelFor(string modelUri)
    {
        var uri = JudgeModelUri.Parse(modelUri);
        if (_chatClient is not null)
        {
            return new ChatClientChannel(_chatClient, uri.ModelName.Length == 0 ? null : uri.ModelName);
        }

        if (uri.Value == JudgeModelUri.DatabricksManaged)
        {
            throw new NotSupportedException(
                "The Databricks-managed judge ('databricks') runs only inside Databricks. Use 'databricks:/<endpoint>' or set JudgeRuntimeOptions.ChatClient.");
        }

        if (uri.IsDatabricks)
        {
            var workspace = _databricks.For(modelUri);
            return HttpChatChannel.Databricks(_http, workspace.Host, uri.ModelName, workspace.Credentials);
        }

        if (string.Equals(uri.Provider, "openai", StringComparison.OrdinalIgnoreCase))
        {
            return HttpChatChannel.OpenAI(_http, _openAIBaseUrl, uri.ModelName, _openAIApiKey);
        }

        throw new NotSupportedException(
            $"No adapter for provider '{uri.Provider}' in '{modelUri}': use 'openai:/<model>' with JudgeRuntimeOptions.OpenAIBaseUrl, 'databricks:/<endpoint>', or set JudgeRuntimeOptions.ChatClient.");
    }
}
