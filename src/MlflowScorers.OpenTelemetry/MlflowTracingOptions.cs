using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using MlflowScorers.Configuration;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;
using MlflowScorers.Tracing;

namespace MlflowScorers;

/// <summary>
/// Where and how <c>AddMlflowTracing</c> sends traces: the tracking URI and experiment, credentials, the
/// <see cref="System.Diagnostics.ActivitySource"/> names to listen to, the bounds of the export queue and the logger. Connection
/// values left unset here come from the same place as the client's: the <c>MlflowScorers</c> configuration registered with
/// <c>AddMlflowScorers</c> when the tracer provider is built from dependency injection, then the <c>MLFLOW_*</c> environment
/// variables, then MLflow's defaults.
/// </summary>
public sealed class MlflowTracingOptions
{
    /// <summary>MLflow's default tracking URI: a SQLite file in the working directory.</summary>
    public const string DefaultTrackingUri = MlflowConnection.DefaultTrackingUri;

    /// <summary>MLflow's default experiment id.</summary>
    public const string DefaultExperimentId = MlflowClient.DefaultExperimentId;

    /// <summary>
    /// The tracking URI: <c>http(s)://host:port</c> for an MLflow server (spans go to <c>{uri}/v1/traces</c> over
    /// OTLP/HTTP protobuf), <c>databricks</c> or <c>databricks://&lt;profile&gt;</c> for a Databricks workspace (spans go to
    /// <c>{host}/api/2.0/otel/v1/traces</c> with the workspace's credentials; see <see cref="DatabricksSpansTable"/>), or
    /// <c>sqlite:///path.db</c> for a local MLflow database written directly. Unset: the client's.
    /// </summary>
    public string? TrackingUri { get; set; }

    /// <summary>The experiment the traces belong to, by id; it must exist. Unset (with no name): the client's, else <c>0</c>.</summary>
    public string? ExperimentId { get; set; }

    /// <summary>The experiment by name, created when missing as <c>mlflow.set_experiment</c> does.</summary>
    public string? ExperimentName { get; set; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer</c>; it wins over <see cref="Username"/>. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The user name for basic authentication, with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The password for basic authentication, with <see cref="Username"/>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// How a <c>databricks</c> tracking URI reaches and authenticates to the workspace, with the client's Databricks unified
    /// auth (personal access token, OAuth M2M with a cached and refreshed token, Entra ID through any
    /// <see cref="Azure.Core.TokenCredential"/>, <c>~/.databrickscfg</c> profiles); values left unset come from the
    /// <c>DATABRICKS_*</c> and <c>ARM_*</c> environment variables, then the profile. Unset, a tracer provider built from the
    /// service provider of a client on the same <c>databricks</c> tracking URI shares that client's credentials (one token cache).
    /// </summary>
    public DatabricksOptions? Databricks { get; set; }

    /// <summary>
    /// For a <c>databricks</c> tracking URI: the Unity Catalog table the workspace writes the spans to, as
    /// <c>catalog.schema.table</c> (the spans table of the experiment's linked trace location, for example
    /// <c>main.agents.mlflow_experiment_trace_otel_spans</c>), sent as <c>X-Databricks-UC-Table-Name</c>. Unset, only the
    /// <c>x-mlflow-experiment-id</c> header names the destination; whether a workspace accepts that is not verified, and a
    /// refusal is logged and counted as dropped spans. Must be unset for other tracking URIs.
    /// </summary>
    public string? DatabricksSpansTable { get; set; }

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> names listened to. Holds Microsoft.Extensions.AI's sources
    /// at first; add the application's own.
    /// </summary>
    public IList<string> Sources { get; } = ["Experimental.Microsoft.Extensions.AI", "Microsoft.Extensions.AI"];

    /// <summary>
    /// The most spans waiting for export; further spans are dropped, logged and counted in the <c>mlflow.tracing.dropped_spans</c>
    /// counter of the <c>MlflowScorers</c> meter. In local mode it also bounds the spans held until their root span ends.
    /// </summary>
    public int MaxQueueSize { get; set; } = 2048;

    /// <summary>The most spans in one export.</summary>
    public int MaxExportBatchSize { get; set; } = 512;

    /// <summary>The time between two exports.</summary>
    public TimeSpan ScheduledDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The time one export to an MLflow server may take.</summary>
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where dropped spans and export failures are logged (category <c>MlflowScorers.Tracing</c>), at most once a minute per
    /// reason. Unset: the <see cref="ILoggerFactory"/> of the service provider the tracer provider is built from, if any.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Opens the trace writer of a <c>sqlite:</c> connection; replaced in tests.</summary>
    internal Func<MlflowConnection, ITraceWriter> TraceWriterFactory { get; set; } =
        connection => new LocalScorerStore(connection.DatabasePath!, TimeProvider.System);

    /// <summary>The innermost handler of the OTLP exporter's HTTP client; replaced in tests (for example to resolve a host name).</summary>
    internal Func<HttpMessageHandler> PrimaryHandlerFactory { get; set; } = () => new SocketsHttpHandler();

    /// <summary>The resolver used when the service provider has none; replaced in tests.</summary>
    internal MlflowSettingsResolver? Resolver { get; set; }

    /// <summary>The clock of the log rate limit.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Counts the spans queued, exported and dropped by the pipeline built from these options.</summary>
    internal ExportAccounting Accounting { get; } = new();

    /// <summary>The connection values set here; they win over every source of the resolver.</summary>
    internal ConnectionValues Overrides() => new()
    {
        TrackingUri = TrackingUri,
        ExperimentId = ExperimentId,
        ExperimentName = ExperimentName,
        Token = Token,
        Username = Username,
        Password = Password,
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueueSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxExportBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxExportBatchSize, MaxQueueSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(ScheduledDelay, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExportTimeout, TimeSpan.FromMilliseconds(1));
        if (DatabricksSpansTable is { } table && (table.Split('.') is not { Length: 3 } parts || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace))))
        {
            throw new ArgumentException(
                $"DatabricksSpansTable '{table}' is not a Unity Catalog table name: expected catalog.schema.table, three non-empty parts without spaces, for example main.agents.mlflow_experiment_trace_otel_spans.",
                nameof(DatabricksSpansTable));
        }
    }
}
