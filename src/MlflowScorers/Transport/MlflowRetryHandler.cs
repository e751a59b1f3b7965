using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Diagnostics;
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
    private static readonly ResiliencePropertyKey<HttpRequestMessage> s_request = new("MlflowScorers.Request");

    private readonly MlflowRetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RetryPolicy? _idempotent;
    private readonly RetryPolicy? _nonIdempotent;

    public MlflowRetryHandler(MlflowRetryOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Freeze();
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        if (_options.MaxRetries > 0)
        {
            _idempotent = new RetryPolicy(BuildRetry(TransientFailures.IsTransient), TransientFailures.IsTransient);
            _nonIdempotent = new RetryPolicy(BuildRetry(TransientFailures.IsSafeToResend), TransientFailures.IsSafeToResend);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A GET is never marked, and reading Options would allocate them for every request.
        var nonIdempotent = request.Method != HttpMethod.Get
            && request.Options.TryGetValue(MlflowRequestOptions.NonIdempotent, out var flag) && flag;
        var policy = nonIdempotent ? _nonIdempotent : _idempotent;

        // Byte-array content (the SDK's own JSON bodies) can be sent again by every attempt as it is; other bodies are buffered first.
        return request.Content is null or ByteArrayContent
            ? SendWithRetriesAsync(request, _timeProvider.GetTimestamp(), policy, outermost: true, cancellationToken)
            : BufferThenSendAsync(request, policy, cancellationToken);
    }

    private async Task<HttpResponseMessage> BufferThenSendAsync(HttpRequestMessage request, RetryPolicy? policy, CancellationToken cancellationToken)
    {
        await request.Content!.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await SendWithRetriesAsync(request, _timeProvider.GetTimestamp(), policy, outermost: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt, body included (a response cut off while its body is read is a failed attempt too), under one timer: the
    /// attempt timeout, or the rest of the total time if that is shorter. An outcome that <paramref name="policy"/> retries goes
    /// on to its pipeline, which replays it: the first attempt runs outside the pipeline, in this one async method, because
    /// almost every call succeeds at once and each layer a call passes through costs time on every request.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="startedAt">When the call started, for the total timeout.</param>
    /// <param name="policy">The retry policy, or <see langword="null"/> for a single attempt.</param>
    /// <param name="outermost">Whether this is the call itself, whose attempt timeout surfaces as <see cref="TimeoutException"/>, rather than a retry inside the pipeline.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    private async Task<HttpResponseMessage> SendWithRetriesAsync(
        HttpRequestMessage request, long startedAt, RetryPolicy? policy, bool outermost, CancellationToken cancellationToken)
    {
        var left = TimeLeft(startedAt);
        if (left <= TimeSpan.Zero)
        {
            throw TimedOut(request, null);
        }

        var limit = left < _options.AttemptTimeout ? left : _options.AttemptTimeout;
        var attempts = 1;
        HttpResponseMessage? response = null;
        Exception? failure = null;
        using (var timeout = new CancellationTokenSource(limit, _timeProvider))
        using (cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout))
        {
            try
            {
                response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var expired = new TimeoutRejectedException($"The attempt did not complete within {limit}.", limit, ex);
                failure = TimeLeft(startedAt) <= TimeSpan.Zero ? TimedOut(request, expired) : expired;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        Outcome<HttpResponseMessage> outcome;
        if (failure is null)
        {
            outcome = Outcome.FromResult(response!);
        }
        else
        {
            response?.Dispose(); // its body could not be read
            outcome = Outcome.FromException<HttpResponseMessage>(failure);
        }

        if (policy is not null && policy.ShouldRetry(outcome))
        {
            (outcome, attempts) = await RetryAsync(policy, request, startedAt, outcome, cancellationToken).ConfigureAwait(false);
        }
        else if (failure is null)
        {
            return response!;
        }

        if (outermost && outcome.Exception is TimeoutRejectedException attemptTimeout && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, attemptTimeout);
        }

        if (outermost && outcome.Exception is HttpRequestException { StatusCode: null } unreachable && request.RequestUri is { } uri)
        {
            throw new MlflowConnectionException(uri, attempts, unreachable);
        }

        outcome.ThrowIfException();
        return outcome.Result!;
    }

    /// <summary>Runs the retry pipeline after a <paramref name="first"/> outcome worth retrying; returns the last outcome and the attempts made.</summary>
    private async Task<(Outcome<HttpResponseMessage> Outcome, int Attempts)> RetryAsync(
        RetryPolicy policy, HttpRequestMessage request, long startedAt, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(s_startedAt, startedAt);
            context.Properties.Set(s_request, request);
            var attempts = new Attempts(this, request, startedAt, first);
            var outcome = await policy.Pipeline.ExecuteOutcomeAsync(
                static (context, attempts) => attempts.NextAsync(context.CancellationToken),
                context,
                attempts).ConfigureAwait(false);
            return (outcome, attempts.Made);
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
                    LogRetry(args.Context, args.AttemptNumber + 1, args.Outcome, args.RetryDelay);
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

    private void LogRetry(ResilienceContext context, int failedAttempt, Outcome<HttpResponseMessage> outcome, TimeSpan delay)
    {
        if (!_logger.IsEnabled(LogLevel.Warning) || !context.Properties.TryGetValue(s_request, out var request))
        {
            return;
        }

        var failure = outcome.Result is { } response
            ? $"HTTP {(int)response.StatusCode}"
            : outcome.Exception is HttpRequestException { HttpRequestError: var error } http
                ? $"{error}: {http.Message}"
                : $"{outcome.Exception?.GetType().Name}: {outcome.Exception?.Message}";
        _logger.RetryScheduled(
            request.Method.Method, request.RequestUri?.GetLeftPart(UriPartial.Path) ?? string.Empty, failedAttempt, _options.MaxRetries + 1, failure, delay);
    }

    /// <summary>What is left of the total time of a call that started at <paramref name="startedAt"/>; zero or less when spent.</summary>
    private TimeSpan TimeLeft(long startedAt) => _options.TotalTimeout - _timeProvider.GetElapsedTime(startedAt);

    /// <summary>Sends one retry inside the pipeline and captures its result or exception.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, long startedAt, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.FromResult(
                await SendWithRetriesAsync(request, startedAt, policy: null, outermost: false, cancellationToken).ConfigureAwait(false));
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

        /// <summary>How many attempts were sent, the first one included.</summary>
        public int Made { get; private set; } = 1;

        public ValueTask<Outcome<HttpResponseMessage>> NextAsync(CancellationToken cancellationToken)
        {
            if (_replay is { } outcome)
            {
                _replay = null;
                return new ValueTask<Outcome<HttpResponseMessage>>(outcome);
            }

            Made++;
            return handler.AttemptAsync(request, startedAt, cancellationToken);
        }
    }
}
