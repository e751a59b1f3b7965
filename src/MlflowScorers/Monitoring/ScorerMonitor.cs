using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Monitoring;
using MlflowScorers.Monitoring.Alerts;
using MlflowScorers.Monitoring.Backfill;
using MlflowScorers.Monitoring.Leases;
using MlflowScorers.Monitoring.Scoring;
using MlflowScorers.Monitoring.Telemetry;

namespace MlflowScorers;

/// <summary>
/// Runs every started .NET-hosted scorer of one or more experiments on new traces, as MLflow's online scoring runs
/// server-side judges, and writes each result as feedback on the trace's root span, exactly once. Every
/// <see cref="ScorerMonitorOptions.PollingInterval"/> it re-reads the registrations (so <c>StartAsync</c>, <c>UpdateAsync</c>,
/// <c>StopAsync</c> and <c>DeleteAsync</c> from any process take effect within one interval), reads the traces that started
/// after its checkpoint and before now minus the completion buffer, samples them (<see cref="ScorerSampling"/>), scores them
/// and moves the checkpoint. Its state (checkpoints, partition leases) lives in experiment tags, so a restart resumes where it
/// stopped and N replicas divide the work with no other infrastructure. Thread-safe; run it once per process, either with
/// <see cref="RunAsync"/> or as a hosted service (<c>services.AddScorerMonitor()</c>).
/// </summary>
public sealed partial class ScorerMonitor : IAsyncDisposable
{
    private readonly IMonitorBackend _backend;
    private readonly Func<CancellationToken, Task<string>> _activeExperiment;
    private readonly string[] _experimentIds;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _buffer;
    private readonly TimeSpan _sessionBuffer;
    private readonly TimeSpan _lookback;
    private readonly TimeSpan _lateArrival;
    private readonly TimeSpan _shutdownTimeout;
    private readonly int _batchSize;
    private readonly int _queueCapacity;
    private readonly MonitorTags _tags;
    private readonly PartitionLeases _leases;
    private readonly ScorerResolver _resolver;
    private readonly ScoringLimiter _limiter;
    private readonly BatchScorer _batches;
    private readonly MonitorTelemetry _telemetry;
    private readonly Dictionary<string, string> _heldLogged = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pollGate = new(1, 1);

    /// <summary>Creates a monitor over a client's backend.</summary>
    /// <param name="client">The client; the monitor does not dispose it.</param>
    /// <param name="options">How to run; copied. Defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its allowed range.</exception>
    public ScorerMonitor(MlflowClient client, ScorerMonitorOptions? options = null)
        : this(new ClientMonitorBackend(client ?? throw new ArgumentNullException(nameof(client))), client.GetActiveExperimentIdAsync, options ?? new ScorerMonitorOptions())
    {
        ServerBackfillRoute = MlflowServerBackfillRoute.For(client, _telemetry) ?? DatabricksBackfillRoute.For(client);
    }

    internal ScorerMonitor(IMonitorBackend backend, Func<CancellationToken, Task<string>> activeExperiment, ScorerMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _backend = backend;
        _activeExperiment = activeExperiment;
        _experimentIds = options.ExperimentIds.ToArray();
        _time = options.TimeProvider;
        _interval = options.PollingInterval;
        _buffer = options.CompletionBuffer;
        _sessionBuffer = options.SessionCompletionBuffer;
        _lookback = options.MaxLookback;
        _lateArrival = options.LateArrivalWindow;
        _shutdownTimeout = options.ShutdownTimeout;
        _batchSize = options.BatchSize;
        _queueCapacity = options.QueueCapacity;
        InstanceId = options.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        _telemetry = new MonitorTelemetry(InstanceId, options.LoggerFactory);
        _tags = new MonitorTags(options.Partitions);
        _leases = new PartitionLeases(backend, _tags, MonitorTags.KeyOf(InstanceId), options.LeaseDuration, options.LeaseSettleDelay, _time);
        _resolver = new ScorerResolver(options.Scorers.ToArray(), options.JudgeRuntime is not null, _telemetry);
        _limiter = new ScoringLimiter(
            options.MaxConcurrency, options.MaxConcurrencyPerScorer, new Dictionary<string, ScorerLimits>(options.Limits, StringComparer.Ordinal), _time);
        var runner = options.JudgeRuntime is { } judges ? new ScorerRunner(judges) : new ScorerRunner();
        var alerts = new QualityAlertEvaluator(options.Alerts.ToArray(), options.OnAlert, _telemetry, _time);
        _batches = new BatchScorer(
            backend, runner, _limiter, alerts, _telemetry, _time, options.MaxConcurrency, options.MaxWriteAttempts, options.WriteRetryDelay,
            FreshFetch(options.LeaseDuration));
    }

    /// <summary>This monitor's identity, written in the metadata of its feedback and in its leases.</summary>
    public string InstanceId { get; }

    /// <summary>
    /// Backfills server-run scorers through the backend's own job, when a route is wired in (see <see cref="BackfillAsync(IEnumerable{BackfillScorerConfig}, DateTimeOffset?, DateTimeOffset?, string?, IProgress{BackfillProgress}?, CancellationToken)"/>).
    /// </summary>
    internal IServerBackfillRoute? ServerBackfillRoute { get; init; }

    /// <summary>
    /// Polls until cancelled. A poll that fails is logged and counted, and the next poll retries from the last checkpoint.
    /// On cancellation the monitor stops reading new traces, lets the batch in flight finish for up to
    /// <see cref="ScorerMonitorOptions.ShutdownTimeout"/> (unfinished work is not checkpointed, so it is handed back), and
    /// releases its partitions so other replicas take over at once.
    /// </summary>
    /// <param name="cancellationToken">Stops the monitor.</param>
    /// <returns>A task that completes when the monitor has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var work = new CancellationTokenSource();
        using var registration = cancellationToken.Register(() => work.CancelAfter(_shutdownTimeout));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(cancellationToken, work.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (work.IsCancellationRequested)
                {
                    MonitorLog.ShutdownHandedBack(_telemetry.Logger, _shutdownTimeout);
                    break;
                }
#pragma warning disable CA1031 // A failed poll is logged and counted (per experiment, inside PollAsync); the next poll retries.
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                try
                {
                    await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs one poll over every watched experiment: registrations, leases, new traces, completed sessions.</summary>
    /// <param name="cancellationToken">Cancels the poll; work not finished is not checkpointed and is redone by the next poll.</param>
    /// <returns>What the poll did.</returns>
    /// <exception cref="MlflowApiException">The backend failed; nothing after the last checkpoint is kept, and nothing is lost.</exception>
    public async Task<MonitorPollSummary> PollOnceAsync(CancellationToken cancellationToken = default) =>
        await PollAsync(cancellationToken, cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the partitions this monitor holds, so other replicas take over without waiting for the leases to lapse.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync().ConfigureAwait(false);
        _limiter.Dispose();
        _pollGate.Dispose();
    }

    private async Task<MonitorPollSummary> PollAsync(CancellationToken stopping, CancellationToken work)
    {
        await _pollGate.WaitAsync(work).ConfigureAwait(false);
        try
        {
            var counts = new MonitorCounts();
            var held = 0;
            var failures = new List<Exception>();
            var experiments = _experimentIds.Length > 0 ? _experimentIds : [await _activeExperiment(work).ConfigureAwait(false)];
            foreach (var experimentId in experiments)
            {
                try
                {
                    held += await PollExperimentAsync(experimentId, counts, stopping, work).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (work.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception)
                {
                    _telemetry.PollFailed(experimentId, exception);
                    failures.Add(exception);
                }
            }

            if (failures.Count == 1)
            {
                ExceptionDispatchInfo.Throw(failures[0]);
            }

            if (failures.Count > 1)
            {
                throw new AggregateException("Monitor polls of several experiments failed.", failures);
            }

            return new MonitorPollSummary
            {
                TracesSeen = counts.Seen,
                Sampled = counts.Sampled,
                ScorerRuns = counts.Runs,
                ScorerErrors = counts.Errors,
                FeedbackWritten = counts.Written,
                FeedbackAlreadyPresent = counts.Present,
                JudgeTokens = counts.Tokens,
                PartitionsHeld = held,
                TracesUnreadable = counts.Unreadable,
            };
        }
        finally
        {
            _pollGate.Release();
        }
    }

    private async Task<int> PollExperimentAsync(string experimentId, MonitorCounts counts, CancellationToken stopping, CancellationToken work)
    {
        var experiment = await _backend.GetExperimentAsync(experimentId, work).ConfigureAwait(false);
        var scorers = _resolver.Resolve(experiment);
        var held = await _leases.AcquireAsync(experimentId, experiment.Tags, work).ConfigureAwait(false);
        LogHeld(experimentId, held);
        if (held.Count == 0)
        {
            return 0;
        }

        // The checkpoints as they are now: a lease taken over from a replica that stopped may come with its last checkpoint.
        var tags = (await _backend.GetExperimentAsync(experimentId, work).ConfigureAwait(false)).Tags;
        await PollTracesAsync(experimentId, tags, scorers.Where(s => !s.IsSessionLevel).ToList(), held, counts, stopping, work).ConfigureAwait(false);
        await PollSessionsAsync(experimentId, tags, scorers.Where(s => s.IsSessionLevel).ToList(), held, counts, stopping, work).ConfigureAwait(false);
        return held.Count;
    }

    private void LogHeld(string experimentId, IReadOnlySet<int> held)
    {
        var text = string.Join(", ", held.Order());
        lock (_heldLogged)
        {
            if (_heldLogged.GetValueOrDefault(experimentId) == text)
            {
                return;
            }

            _heldLogged[experimentId] = text;
        }

        MonitorLog.PartitionsChanged(_telemetry.Logger, InstanceId, experimentId, text);
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        try
        {
            await _leases.ReleaseAllAsync(timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Release is a courtesy: when it fails, the leases simply lapse after LeaseDuration.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _telemetry.PollFailed("(release)", exception);
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// How long a batch's fetched assessments stand for the current ones: a second, and always under half the lease duration,
    /// so the lease (confirmed with at least half its time left before the fetch) has been held from the fetch to the write.
    /// </summary>
    private static TimeSpan FreshFetch(TimeSpan leaseDuration) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, leaseDuration.Ticks / 2));

    private static void Validate(ScorerMonitorOptions o)
    {
        Positive(o.PollingInterval, nameof(o.PollingInterval));
        NotNegative(o.CompletionBuffer, nameof(o.CompletionBuffer));
        NotNegative(o.SessionCompletionBuffer, nameof(o.SessionCompletionBuffer));
        NotNegative(o.LateArrivalWindow, nameof(o.LateArrivalWindow));
        Positive(o.MaxLookback, nameof(o.MaxLookback));
        Positive(o.LeaseDuration, nameof(o.LeaseDuration));
        NotNegative(o.LeaseSettleDelay, nameof(o.LeaseSettleDelay));
        NotNegative(o.WriteRetryDelay, nameof(o.WriteRetryDelay));
        NotNegative(o.ShutdownTimeout, nameof(o.ShutdownTimeout));
        Range(o.BatchSize, 1, MlflowClient.MaxTracePageSize, nameof(o.BatchSize));
        Range(o.QueueCapacity, 1, 1000, nameof(o.QueueCapacity));
        Range(o.MaxConcurrency, 1, 10_000, nameof(o.MaxConcurrency));
        Range(o.MaxConcurrencyPerScorer, 1, 10_000, nameof(o.MaxConcurrencyPerScorer));
        Range(o.Partitions, 1, 1024, nameof(o.Partitions));
        Range(o.MaxWriteAttempts, 1, 100, nameof(o.MaxWriteAttempts));
        if (o.LeaseSettleDelay >= o.LeaseDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(o), o.LeaseSettleDelay, "ScorerMonitorOptions.LeaseSettleDelay must be shorter than LeaseDuration.");
        }

        if (o.ExperimentIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("ScorerMonitorOptions.ExperimentIds must not contain an empty id.", nameof(o));
        }

        foreach (var (name, limits) in o.Limits)
        {
            if (limits.MaxConcurrency is < 1 || limits.RunsPerMinute is < 1 || limits.TokensPerHour is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(o), limits, $"ScorerMonitorOptions.Limits: the limits of scorer '{name}' must be at least 1 where set.");
            }
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ScorerMonitorOptions.{name} must be greater than zero.");
        }
    }

    private static void NotNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ScorerMonitorOptions.{name} must not be negative.");
        }
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ScorerMonitorOptions.{name} must be between {min} and {max}.");
        }
    }
}
