using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Diagnostics;

namespace MlflowScorers.Monitoring.Telemetry;

/// <summary>
/// The monitor's metrics (meter <c>MlflowScorers</c>, instruments <c>mlflowscorers.monitor.*</c>), activities (one per batch
/// and per scorer run) and logs, tagged with the monitor's instance id.
/// </summary>
internal sealed class MonitorTelemetry
{
    private static readonly Meter s_meter = new(MlflowDiagnostics.SourceName, MlflowDiagnostics.Version);
    private static readonly Counter<long> s_seen = s_meter.CreateCounter<long>("mlflowscorers.monitor.traces.seen", "{trace}", "Traces read in monitor windows.");
    private static readonly Counter<long> s_sampled = s_meter.CreateCounter<long>("mlflowscorers.monitor.traces.sampled", "{trace}", "Traces that got at least one scorer.");
    private static readonly Counter<long> s_scored = s_meter.CreateCounter<long>("mlflowscorers.monitor.scorer.runs", "{run}", "Scorer runs that gave feedback.");
    private static readonly Counter<long> s_failed = s_meter.CreateCounter<long>("mlflowscorers.monitor.scorer.failures", "{run}", "Scorer runs that gave error feedback.");
    private static readonly Counter<long> s_written = s_meter.CreateCounter<long>("mlflowscorers.monitor.feedback.written", "{assessment}", "Feedback written.");
    private static readonly Counter<long> s_existing = s_meter.CreateCounter<long>("mlflowscorers.monitor.feedback.already_present", "{assessment}", "Feedback not written because it was already there.");
    private static readonly Counter<long> s_tokens = s_meter.CreateCounter<long>("mlflowscorers.monitor.judge.tokens", "{token}", "Judge tokens used (input plus output).");
    private static readonly Counter<long> s_notRunnable = s_meter.CreateCounter<long>("mlflowscorers.monitor.scorer.not_runnable", "{scorer}", "Started scorers this process cannot run.");
    private static readonly Counter<long> s_pollFailures = s_meter.CreateCounter<long>("mlflowscorers.monitor.poll.failures", "{poll}", "Polls that failed and are retried.");
    private static readonly Counter<long> s_alerts = s_meter.CreateCounter<long>("mlflowscorers.monitor.alerts", "{alert}", "Quality alerts fired.");
    private static readonly Counter<long> s_unreadable = s_meter.CreateCounter<long>("mlflowscorers.monitor.traces.unreadable", "{trace}", "Selected traces the backend could not return, skipped.");
    private static readonly Counter<long> s_serverFailures = s_meter.CreateCounter<long>("mlflowscorers.monitor.backfill.server_failures", "{failure}", "Traces or jobs a server-run backfill could not score.");
    private static readonly Histogram<double> s_latency = s_meter.CreateHistogram<double>("mlflowscorers.monitor.scoring.duration", "ms", "Scorer run time.");
    private static readonly Histogram<double> s_lag = s_meter.CreateHistogram<double>("mlflowscorers.monitor.lag", "ms", "Time from a trace's end to its feedback being written.");

    private readonly KeyValuePair<string, object?> _instance;

    public MonitorTelemetry(string instanceId, ILoggerFactory? loggerFactory)
    {
        InstanceId = instanceId;
        _instance = new("mlflow.monitor.instance", instanceId);
        Logger = loggerFactory?.CreateLogger<ScorerMonitor>() ?? (ILogger)NullLogger.Instance;
    }

    public string InstanceId { get; }

    public ILogger Logger { get; }

    public static Activity? StartBatch(string experimentId, int traces)
    {
        var activity = MlflowDiagnostics.StartOperation("ScorerMonitor.Batch", experimentId);
        activity?.SetTag("mlflow.monitor.traces", traces);
        return activity;
    }

    public static Activity? StartScorer(string experimentId, string scorerName, int runs)
    {
        var activity = MlflowDiagnostics.StartOperation("ScorerMonitor.Scorer", experimentId, scorerName);
        activity?.SetTag("mlflow.monitor.runs", runs);
        return activity;
    }

    public void Seen(int count) => s_seen.Add(count, _instance);

    public void Sampled(int count) => s_sampled.Add(count, _instance);

    public void Scored(string scorer, bool failed, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("mlflow.scorer.name", scorer);
        (failed ? s_failed : s_scored).Add(1, _instance, tag);
        s_latency.Record(elapsed.TotalMilliseconds, _instance, tag);
    }

    public void Tokens(string scorer, long tokens) => s_tokens.Add(tokens, _instance, new("mlflow.scorer.name", scorer));

    public void Written(string scorer, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>("mlflow.scorer.name", scorer);
        s_written.Add(1, _instance, tag);
        s_lag.Record(Math.Max(0, lag.TotalMilliseconds), _instance, tag);
    }

    public void AlreadyPresent(string scorer) => s_existing.Add(1, _instance, new("mlflow.scorer.name", scorer));

    public void ScorerNotRunnable(string experimentId, string scorer, int version, string reason)
    {
        s_notRunnable.Add(1, _instance, new("mlflow.scorer.name", scorer));
        MonitorLog.ScorerNotRunnable(Logger, experimentId, scorer, version, reason);
    }

    public void PollFailed(string experimentId, Exception exception)
    {
        s_pollFailures.Add(1, _instance);
        MonitorLog.PollFailed(Logger, experimentId, exception);
    }

    public void Alert(string scorer) => s_alerts.Add(1, _instance, new("mlflow.scorer.name", scorer));

    public void TraceUnreadable(string experimentId, string traceId)
    {
        s_unreadable.Add(1, _instance);
        MonitorLog.TraceUnreadable(Logger, experimentId, traceId);
    }

    public void ServerBackfillFailed(string experimentId, string scorer, string jobId, string? traceId, string? errorCode, string message)
    {
        s_serverFailures.Add(1, _instance, new("mlflow.scorer.name", scorer));
        MonitorLog.ServerBackfillFailed(Logger, experimentId, scorer, jobId, traceId ?? "(whole job)", errorCode ?? "(none)", message);
    }
}
