using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlflowScorers.Transport;

/// <summary>
/// Retries transient failures over a Polly pipeline: total timeout → retry (exponential back-off with jitter, honouring
/// <c>Retry-After</c>) → attempt timeout. Our own timeouts surface as <see cref="TimeoutException"/>; a caller's cancellation
/// passes through as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class MlflowRetryHandler : DelegatingHandler
{
    private readonly MlflowRetryOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _idempotent;
    private readonly ResiliencePipeline<HttpResponseMessage> _nonIdempotent;

    public MlflowRetryHandler(MlflowRetryOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Freeze();
        _idempotent = Build(_options, timeProvider, TransientFailures.IsTransient);
        _nonIdempotent = Build(_options, timeProvider, TransientFailures.IsSafeToResend);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            // Buffered content can be sent again by every attempt.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var nonIdempotent = request.Options.TryGetValue(MlflowRequestOptions.NonIdempotent, out var flag) && flag;
        var pipeline = nonIdempotent ? _nonIdempotent : _idempotent;
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, token)),
                (Handler: this, Request: request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} did not complete in time " +
                $"(attempt timeout {_options.AttemptTimeout}, total timeout {_options.TotalTimeout}).",
                ex);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(
        MlflowRetryOptions options, TimeProvider timeProvider, Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(shouldRetry(args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    TransientFailures.RetryAfter(args.Outcome.Result, timeProvider, options.MaxRetryAfter)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>One attempt, body included: a response cut off while its body is read is a failed attempt too.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
