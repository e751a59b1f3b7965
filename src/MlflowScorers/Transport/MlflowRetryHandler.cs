using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlflowScorers.Transport;

/// <summary>
/// Retries transient failures with a Polly retry strategy (exponential back-off with jitter, honouring <c>Retry-After</c>)
/// and bounds each attempt and the whole call. Both bounds share one timer per attempt: an attempt may take
/// <see cref="MlflowRetryOptions.AttemptTimeout"/> or what is left of <see cref="MlflowRetryOptions.TotalTimeout"/>, whichever
/// is shorter, and back-off waits are cut to what is left. Our own timeouts surface as <see cref="TimeoutException"/>; a
/// caller's cancellation passes through as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class MlflowRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<long> s_startedAt = new("MlflowScorers.StartedAt");

    private readonly MlflowRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<HttpResponseMessage>? _idempotent;
    private readonly ResiliencePipeline<HttpResponseMessage>? _nonIdempotent;

    public MlflowRetryHandler(MlflowRetryOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Freeze();
        _timeProvider = timeProvider;
        if (_options.MaxRetries > 0)
        {
            _idempotent = BuildRetry(TransientFailures.IsTransient);
            _nonIdempotent = BuildRetry(TransientFailures.IsSafeToResend);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null and not ByteArrayContent)
        {
            // Buffered content can be sent again by every attempt; byte-array content (the SDK's own JSON bodies) already can.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var startedAt = _timeProvider.GetTimestamp();
        var nonIdempotent = request.Options.TryGetValue(MlflowRequestOptions.NonIdempotent, out var flag) && flag;
        var pipeline = nonIdempotent ? _nonIdempotent : _idempotent;
        try
        {
            if (pipeline is null)
            {
                return await SendOnceAsync(request, startedAt, cancellationToken).ConfigureAwait(false);
            }

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                context.Properties.Set(s_startedAt, startedAt);
                return await pipeline.ExecuteAsync(
                    static (context, state) => new ValueTask<HttpResponseMessage>(
                        state.Handler.SendOnceAsync(state.Request, state.StartedAt, context.CancellationToken)),
                    context,
                    (Handler: this, Request: request, StartedAt: startedAt)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, ex);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildRetry(Func<Outcome<HttpResponseMessage>, bool> shouldRetry) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(shouldRetry(args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(args.Outcome.Result, args.AttemptNumber, args.Context)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>The server's <c>Retry-After</c>, else exponential back-off with jitter; never past the total deadline.</summary>
    private TimeSpan NextDelay(HttpResponseMessage? response, int attemptNumber, ResilienceContext context)
    {
        var wait = TransientFailures.RetryAfter(response, _timeProvider, _options.MaxRetryAfter)
            ?? RetryDelays.Backoff(_options.BaseDelay, _options.MaxDelay, attemptNumber, Random.Shared.NextDouble());
        var left = _options.TotalTimeout - _timeProvider.GetElapsedTime(context.Properties.GetValue(s_startedAt, 0L));
        return wait < left ? wait : left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// One attempt, body included: a response cut off while its body is read is a failed attempt too. Runs under one timer:
    /// the attempt timeout, or the rest of the total time if that is shorter.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, long startedAt, CancellationToken cancellationToken)
    {
        var left = _options.TotalTimeout - _timeProvider.GetElapsedTime(startedAt);
        if (left <= TimeSpan.Zero)
        {
            throw TimedOut(request, null);
        }

        var limit = left < _options.AttemptTimeout ? left : _options.AttemptTimeout;
        using var timeout = new CancellationTokenSource(limit, _timeProvider);
        using var link = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            var attemptTimeout = new TimeoutRejectedException($"The attempt did not complete within {limit}.", limit, ex);
            throw _timeProvider.GetElapsedTime(startedAt) >= _options.TotalTimeout ? TimedOut(request, attemptTimeout) : attemptTimeout;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private TimeoutException TimedOut(HttpRequestMessage request, Exception? inner) => new(
        $"{request.Method} {request.RequestUri?.AbsolutePath} did not complete in time " +
        $"(attempt timeout {_options.AttemptTimeout}, total timeout {_options.TotalTimeout}).",
        inner);
}
