using System;
using System.Collections.Generic;
using MlflowScorers.Stores;
using MlflowScorers.Tracing;

namespace MlflowScorers;

/// <summary>
/// Where and how <c>AddMlflowTracing</c> sends traces: the tracking URI and experiment, credentials, the
/// <see cref="System.Diagnostics.ActivitySource"/> names to listen to, and the bounds of the export queue.
/// </summary>
public sealed class MlflowTracingOptions
{
    /// <summary>MLflow's default tracking URI: a SQLite file in the working directory.</summary>
    public const string DefaultTrackingUri = MlflowScorers.Client.ClientSettings.DefaultTrackingUri;

    /// <summary>MLflow's default experiment id.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>Creates options from the environment: <c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_EXPERIMENT_ID</c>,
    /// <c>MLFLOW_TRACKING_TOKEN</c>, <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c>.</summary>
    public MlflowTracingOptions()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    internal MlflowTracingOptions(Func<string, string?> environment)
    {
        TrackingUri = NonEmpty(environment("MLFLOW_TRACKING_URI")) ?? DefaultTrackingUri;
        ExperimentId = NonEmpty(environment("MLFLOW_EXPERIMENT_ID")) ?? DefaultExperimentId;
        Token = NonEmpty(environment("MLFLOW_TRACKING_TOKEN"));
        Username = NonEmpty(environment("MLFLOW_TRACKING_USERNAME"));
        Password = NonEmpty(environment("MLFLOW_TRACKING_PASSWORD"));
    }

    /// <summary>
    /// The tracking URI: <c>http(s)://host:port</c> for an MLflow server (spans go to <c>{uri}/v1/traces</c> over
    /// OTLP/HTTP protobuf), or <c>sqlite:///path.db</c> for a local MLflow database written directly.
    /// </summary>
    public string TrackingUri { get; set; }

    /// <summary>The experiment the traces belong to; it must exist.</summary>
    public string ExperimentId { get; set; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer</c>; it wins over <see cref="Username"/>.</summary>
    public string? Token { get; set; }

    /// <summary>The user name for basic authentication, with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The password for basic authentication, with <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> names listened to. Holds Microsoft.Extensions.AI's sources
    /// at first; add the application's own.
    /// </summary>
    public IList<string> Sources { get; } = ["Experimental.Microsoft.Extensions.AI", "Microsoft.Extensions.AI"];

    /// <summary>
    /// The most spans waiting for export; further spans are dropped and counted in the <c>mlflow.tracing.dropped_spans</c>
    /// counter of the <c>MlflowScorers</c> meter. In local mode it also bounds the spans held until their root span ends.
    /// </summary>
    public int MaxQueueSize { get; set; } = 2048;

    /// <summary>The most spans in one export.</summary>
    public int MaxExportBatchSize { get; set; } = 512;

    /// <summary>The time between two exports.</summary>
    public TimeSpan ScheduledDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The time one export to an MLflow server may take.</summary>
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Opens the trace writer of a <c>sqlite:</c> tracking URI; replaced in tests.</summary>
    internal Func<string, ITraceWriter> TraceWriterFactory { get; set; } = LocalTraceWriters.Open;

    /// <summary>Counts the spans queued, exported and dropped by the pipeline built from these options.</summary>
    internal ExportAccounting Accounting { get; } = new();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TrackingUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(ExperimentId);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueueSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxExportBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxExportBatchSize, MaxQueueSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(ScheduledDelay, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExportTimeout, TimeSpan.FromMilliseconds(1));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
