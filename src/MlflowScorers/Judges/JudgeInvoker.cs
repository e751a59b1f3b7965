using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Judges.Tracing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlflowScorers.Judges;

/// <summary>
/// Sends a prompt through a channel with retries and per-attempt timeouts, asks for structured output and falls back to plain
/// text when the endpoint answers 400 to that (remembering it per endpoint), then parses the reply.
/// </summary>
internal sealed class JudgeInvoker
{
    private static readonly HashSet<HttpStatusCode> s_transient =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    /// <summary>The key of <see cref="Exception.Data"/> under which a failed call records the server's <c>Retry-After</c> delay.</summary>
    public const string RetryAfterKey = "MlflowScorers.RetryAfter";

    private static readonly TimeSpan s_maxRetryAfter = TimeSpan.FromMinutes(1);

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _attemptTimeout;
    private readonly ConcurrentDictionary<string, bool> _plainTextOnly = new(StringComparer.Ordinal);

    public JudgeInvoker(int maxRetries, TimeSpan retryDelay, TimeSpan attemptTimeout, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _attemptTimeout = attemptTimeout;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                Delay = retryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retryDelay > TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>(e => e.StatusCode is null || s_transient.Contains(e.StatusCode.Value))
                    .Handle<TimeoutRejectedException>(),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception)),
            });
        }

        _pipeline = builder.AddTimeout(attemptTimeout).Build();
    }

    /// <summary>Calls the judge and parses its reply; the metadata holds token usage.</summary>
    public async Task<(JudgeVerdict Verdict, IReadOnlyDictionary<string, string> Metadata)> AskAsync(
        IJudgeChannel channel, IReadOnlyList<JudgeMessage> messages, JsonObject? responseSchema, CancellationToken cancellationToken)
    {
        var completion = await CompleteAsync(channel, messages, [], responseSchema, cancellationToken).ConfigureAwait(false);
        return (JudgeOutputParser.Parse(completion.Text), UsageMetadata(completion.InputTokens, completion.OutputTokens));
    }

    /// <summary>
    /// One call to the model with retries and timeouts; asks for structured output unless the endpoint is known to refuse it,
    /// and on a 400 to that asks again in plain text and remembers the refusal.
    /// </summary>
    public async Task<JudgeCompletion> CompleteAsync(
        IJudgeChannel channel, IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? responseSchema,
        CancellationToken cancellationToken)
    {
        using var span = ModelCallSpan.Start(channel, messages, tools);
        try
        {
            var completion = await CompleteOnceAsync(channel, messages, tools, responseSchema, cancellationToken).ConfigureAwait(false);
            ModelCallSpan.End(span, completion);
            return completion;
        }
        catch (Exception e)
        {
            ScorerTraceScope.Fail(span, e);
            throw;
        }
    }

    /// <summary>The token-usage metadata of a judge's feedback; a count the endpoint did not report is left out.</summary>
    public static Dictionary<string, string> UsageMetadata(long? inputTokens, long? outputTokens)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (inputTokens is { } input)
        {
            metadata[JudgeMetadataKeys.InputTokens] = input.ToString(CultureInfo.InvariantCulture);
        }

        if (outputTokens is { } output)
        {
            metadata[JudgeMetadataKeys.OutputTokens] = output.ToString(CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>The server's <c>Retry-After</c> delay, capped at one minute; <see langword="null"/> keeps the exponential back-off.</summary>
    internal static TimeSpan? RetryAfterOf(Exception? exception) =>
        exception?.Data[RetryAfterKey] is TimeSpan after ? (after < s_maxRetryAfter ? after : s_maxRetryAfter) : null;

    private async Task<JudgeCompletion> CompleteOnceAsync(
        IJudgeChannel channel, IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? responseSchema,
        CancellationToken cancellationToken)
    {
        var schema = responseSchema is not null && !_plainTextOnly.ContainsKey(channel.Key) ? responseSchema : null;
        try
        {
            return await ExecuteAsync(channel, messages, tools, schema, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (schema is not null && e.StatusCode == HttpStatusCode.BadRequest)
        {
            _plainTextOnly[channel.Key] = true;
            return await ExecuteAsync(channel, messages, tools, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JudgeCompletion> ExecuteAsync(
        IJudgeChannel channel, IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? schema,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token => await channel.CompleteAsync(messages, tools, schema, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"The judge model did not answer within {_attemptTimeout}.", e);
        }
    }
}
