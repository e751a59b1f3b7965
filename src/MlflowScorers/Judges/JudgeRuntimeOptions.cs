using System;
using System.Net.Http;
using Microsoft.Extensions.AI;
using MlflowScorers.Configuration;

namespace MlflowScorers;

/// <summary>
/// Where and how judges run in .NET. <see cref="JudgeRuntime"/> copies the values when it is created, so later changes do not
/// affect it.
/// </summary>
public sealed class JudgeRuntimeOptions
{
    /// <summary>The model used by judges whose <see cref="JudgeScorer.Model"/> is <see langword="null"/>. Defaults to MLflow's, <c>openai:/gpt-4.1-mini</c>.</summary>
    public string DefaultModel { get; set; } = "openai:/gpt-4.1-mini";

    /// <summary>
    /// A chat client to use for every judge. When set, the model name of the judge's URI is passed as the model id (except
    /// for the literal <c>databricks</c>, which passes none), and the other endpoint settings are ignored.
    /// </summary>
    public IChatClient? ChatClient { get; set; }

    /// <summary>The base URL of the OpenAI-compatible API used for <c>openai:/&lt;model&gt;</c>; <c>/chat/completions</c> is appended.</summary>
    public Uri OpenAIBaseUrl { get; set; } = new("https://api.openai.com/v1/");

    /// <summary>The API key sent as a bearer token to <see cref="OpenAIBaseUrl"/>; local servers may need none.</summary>
    public string? OpenAIApiKey { get; set; }

    /// <summary>
    /// The Databricks workspace URL used for <c>databricks:/&lt;endpoint&gt;</c>; wins over <see cref="DatabricksOptions.Host"/>
    /// of <see cref="Databricks"/>, <c>DATABRICKS_HOST</c> and the profile. When set, the workspace's credentials are resolved
    /// (and checked) when the runtime is created.
    /// </summary>
    public Uri? DatabricksHost { get; set; }

    /// <summary>
    /// A Databricks personal access token for <c>databricks:/&lt;endpoint&gt;</c>; wins over <see cref="DatabricksOptions.Token"/>
    /// of <see cref="Databricks"/> and <c>DATABRICKS_TOKEN</c>. Never logged or shown in messages.
    /// </summary>
    public string? DatabricksToken { get; set; }

    /// <summary>
    /// How <c>databricks:/&lt;endpoint&gt;</c> judges reach and authenticate to the workspace, with Databricks unified auth (the
    /// client's chain: personal access token, OAuth M2M with a cached and refreshed token, Entra ID through any
    /// <see cref="Azure.Core.TokenCredential"/>, <c>~/.databrickscfg</c> profiles); values left unset come from the
    /// <c>DATABRICKS_*</c> and <c>ARM_*</c> environment variables, then the profile. Unset, with <see cref="DatabricksHost"/> and
    /// <see cref="DatabricksToken"/> unset too, a runtime registered with <c>AddMlflowScorers</c> next to a client on a
    /// <c>databricks</c> tracking URI shares that client's credentials (one token cache).
    /// </summary>
    public DatabricksOptions? Databricks { get; set; }

    /// <summary>
    /// How many times a transient failure (network error, timeout, 408, 429, 500, 502, 503, 504) is retried. Default 3. A
    /// <c>Retry-After</c> delay from the server (at most one minute) replaces the back-off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles for each further retry. Default 1 s; zero retries at once.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take before it is abandoned and retried. Default 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// For instructions judges that read the trace (<c>{{ trace }}</c>): the most tool calls one judge may make before its
    /// verdict. Default 30, MLflow's iteration limit. Reaching it yields error feedback with code <c>REQUEST_LIMIT_EXCEEDED</c>.
    /// </summary>
    public int TraceJudgeMaxToolCalls { get; set; } = 30;

    /// <summary>
    /// For instructions judges that read the trace: the most tokens (prompt and completion, over all the judge's model calls)
    /// one judge may use before its verdict; counted from the endpoint's usage, estimated at four characters a token when the
    /// endpoint reports none. Default 200,000. Reaching it yields error feedback with code <c>REQUEST_LIMIT_EXCEEDED</c>.
    /// </summary>
    public long TraceJudgeMaxTokens { get; set; } = 200_000;

    /// <summary>
    /// Whether a <see cref="ScorerRunner"/> with this runtime records each scorer run (judges and code scorers) as a trace of
    /// its own, so you can see why a judge decided what it did, as MLflow's <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c>.
    /// Default <see langword="false"/>. The traces are OpenTelemetry spans of <see cref="ScorerTraces.ActivitySourceName"/>,
    /// which <c>AddMlflowTracing</c> exports tagged <see cref="ScorerTraces.SourceScorerTag"/>; the feedback names its trace
    /// in <see cref="ScorerTraces.TraceIdMetadataKey"/>. With nothing listening to the source, nothing is recorded. From
    /// dependency injection it is also set by <c>Judges:RecordScorerTraces</c> or <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c>
    /// (<c>true</c> or <c>1</c>).
    /// </summary>
    public bool RecordScorerTraces { get; set; }

    /// <summary>The HTTP client for the OpenAI-compatible and Databricks endpoints; a shared one is used when <see langword="null"/>.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The clock for delays, timeouts and Databricks token lifetimes.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the Databricks settings left unset are read (set by dependency injection, and in tests); unset: the process environment.</summary>
    internal MlflowSettingsResolver? SettingsResolver { get; set; }
}
