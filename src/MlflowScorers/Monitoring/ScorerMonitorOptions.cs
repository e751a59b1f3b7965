using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace MlflowScorers;

/// <summary>
/// How a <see cref="ScorerMonitor"/> runs. A mutable class so configuration binding works; the monitor copies and checks the
/// values when it is created, so later changes have no effect on it.
/// </summary>
public sealed class ScorerMonitorOptions
{
    /// <summary>The experiments to watch; empty for the client's active experiment.</summary>
    public IList<string> ExperimentIds { get; } = new List<string>();

    /// <summary>
    /// The implementations this process can run. A started .NET-hosted scorer is matched by its registered name, then by its
    /// registered implementation label (<see cref="CodeScorer.Implementation"/>, for example a type name). Judges need no entry
    /// here: their registration holds their whole definition, and they run on <see cref="JudgeRuntime"/>.
    /// </summary>
    public IList<Scorer> Scorers { get; } = new List<Scorer>();

    /// <summary>The runtime that runs judges; without one, a started judge is reported as not runnable here.</summary>
    public JudgeRuntime? JudgeRuntime { get; set; }

    /// <summary>How often the monitor re-reads registrations and looks for new traces (default 1 s).</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after its start a trace is first considered, so its spans can land (default 2 s; MLflow's completion buffer).</summary>
    public TimeSpan CompletionBuffer { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far behind the checkpoint each poll looks again for traces that arrived late (exported after the completion buffer,
    /// for example by a batching exporter or for a long request); default 15 s. Such a trace is scored once when found; only
    /// traces that arrive later than this behind their start are missed.
    /// </summary>
    public TimeSpan LateArrivalWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How far back the first window reaches when an experiment has no checkpoint yet (default 1 h, as MLflow).</summary>
    public TimeSpan MaxLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a session must go without a new trace before session-level scorers score it (default 5 min).</summary>
    public TimeSpan SessionCompletionBuffer { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most traces the monitor takes into one batch (default 100, 1 to 500).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The most batches read ahead of scoring (default 4); the bounded queue between reading and scoring.</summary>
    public int QueueCapacity { get; set; } = 4;

    /// <summary>The most scorer runs at once, over all scorers (default 16).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>The most runs at once of any one scorer (default 8); <see cref="ScorerLimits"/> can lower it per scorer.</summary>
    public int MaxConcurrencyPerScorer { get; set; } = 8;

    /// <summary>Per-scorer limits by registered name: concurrency, runs per minute and judge tokens per hour.</summary>
    public IDictionary<string, ScorerLimits> Limits { get; } = new Dictionary<string, ScorerLimits>(StringComparer.Ordinal);

    /// <summary>
    /// How many partitions the traces of an experiment are divided into by trace-id hash (default 8). Replicas share the
    /// partitions through leases; every replica of one experiment must use the same number.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>How long a lease lasts without renewal (default 30 s); a replica that dies loses its partitions after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the monitor waits after writing membership or lease tags before reading them back (default 500 ms), so that
    /// replicas starting together see each other's writes. Zero skips the wait (for a single replica).
    /// </summary>
    public TimeSpan LeaseSettleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>This replica's identity, written in feedback metadata and leases; default machine name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How many times a feedback write is tried before the batch fails and is retried next poll (default 5).</summary>
    public int MaxWriteAttempts { get; set; } = 5;

    /// <summary>The wait before the first write retry, doubled each time (default 500 ms).</summary>
    public TimeSpan WriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long shutdown waits for in-flight batches to finish before handing them back (default 10 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quality alert rules over the scorers' results.</summary>
    public IList<QualityAlertRule> Alerts { get; } = new List<QualityAlertRule>();

    /// <summary>Called when an alert rule starts or stops firing; its failures are logged and counted.</summary>
    public Func<QualityAlert, System.Threading.CancellationToken, System.Threading.Tasks.ValueTask>? OnAlert { get; set; }

    /// <summary>Where the monitor logs; none when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
