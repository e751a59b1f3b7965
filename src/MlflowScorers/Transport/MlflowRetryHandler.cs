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
    private readonly RetryPolicy? _idempotent;
    private readonly RetryPolicy? _nonIdempotent;

    public MlflowRetryHandler(MlflowRetryOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Freeze();
        _timeProvider = timeProvider;
        if (_options.MaxRetries > 0)
        {
            _idempotent = new RetryPolicy(BuildRetry(TransientFailures.IsTransient), TransientFailures.IsTransient);
            _nonIdempotent = new RetryPolicy(BuildRetry(TransientFailures.IsSafeToResend), TransientFailures.IsSafeToResend);
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
        var policy = nonIdempotent ? _nonIdempotent : _idempotent;
        try
        {
            // The first attempt runs outside the retry pipeline: almost every call succeeds at once, and entering the pipeline
            // costs about 5% of a loopback call. A first outcome worth retrying is handed to the pipeline, which replays it.
            var first = await AttemptAsync(request, startedAt, cancellationToken).ConfigureAwait(false);
            if (policy is not null && policy.ShouldRetry(first))
            {
                return await RetryAsync(policy, request, startedAt, first, cancellationToken).ConfigureAwait(false);
            }

            first.ThrowIfException();
            return first.Result!;
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, ex);
        }
    }

    private async Task<HttpResponseMessage> RetryAsync(
        RetryPolicy policy, HttpRequestMessage request, long startedAt, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(s_startedAt, startedAt);
            var outcome = await policy.Pipeline.ExecuteOutcomeAsync(
                static (context, attempts) => attempts.NextAsync(context.CancellationToken),
                context,
                new Attempts(this, request, startedAt, first)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
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
        var left = TimeLeft(context.Properties.GetValue(s_startedAt, 0L));
        return wait < left ? wait : left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// One attempt, body included: a response cut off while its body is read is a failed attempt too. Runs under one timer:
    /// the attempt timeout, or the rest of the total time if that is shorter.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, long startedAt, CancellationToken cancellationToken)
    {
        var left = TimeLeft(startedAt);
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
            throw TimeLeft(startedAt) <= TimeSpan.Zero ? TimedOut(request, attemptTimeout) : attemptTimeout;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>What is left of the total time of a call that started at <paramref name="startedAt"/>; zero or less when spent.</summary>
    private TimeSpan TimeLeft(long startedAt) => _options.TotalTimeout - _timeProvider.GetElapsedTime(startedAt);

    /// <summary>Sends one attempt and captures its result or exception.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, long startedAt, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.FromResult(await SendOnceAsync(request, startedAt, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    private TimeoutException TimedOut(HttpRequestMessage request, Exception? inner) => new(
        $"{request.Method} {request.RequestUri?.AbsolutePath} did not complete in time " +
        $"(attempt timeout {_options.AttemptTimeout}, total timeout {_options.TotalTimeout}).",
        inner);

    /// <summary>A retry pipeline and the predicate it retries on, which also decides whether the first attempt enters it.</summary>
    private sealed record RetryPolicy(ResiliencePipeline<HttpResponseMessage> Pipeline, Func<Outcome<HttpResponseMessage>, bool> ShouldRetry);

    /// <summary>The attempts of one call inside the pipeline: the first one replays the outcome already seen, the rest send.</summary>
    private sealed class Attempts(MlflowRetryHandler handler, HttpRequestMessage request, long startedAt, Outcome<HttpResponseMessage> first)
    {
        private Outcome<HttpResponseMessage>? _replay = first;

        public ValueTask<Outcome<HttpResponseMessage>> NextAsync(CancellationToken cancellationToken)
        {
            if (_replay is { } outcome)
            {
                _replay = null;
                return new ValueTask<Outcome<HttpResponseMessage>>(outcome);
            }

            return handler.AttemptAsync(request, startedAt, cancellationToken);
        }
    }
}
