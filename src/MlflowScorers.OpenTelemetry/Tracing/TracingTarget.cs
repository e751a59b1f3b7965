using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;

namespace MlflowScorers.Tracing;

/// <summary>
/// Where one tracing pipeline sends its spans, resolved once when the tracer provider is built: the connection (from the
/// same resolver as the client, so <c>sqlite://relative</c> and credentials over plain http to another host are refused
/// here, before any span; a <c>databricks</c> tracking URI bound to the workspace through the client's Databricks
/// credential chain), the OTLP endpoint and headers, the experiment, and the accounting and log of dropped spans.
/// </summary>
internal sealed class TracingTarget
{
    private TracingTarget(MlflowConnection connection, TraceExperiment experiment, ExportAccounting accounting, string? spansTable)
    {
        Connection = connection;
        Experiment = experiment;
        Accounting = accounting;
        SpansTable = spansTable;
    }

    public MlflowConnection Connection { get; }

    public TraceExperiment Experiment { get; }

    public ExportAccounting Accounting { get; }

    /// <summary>The Unity Catalog spans table a Databricks workspace writes to, or <see langword="null"/>.</summary>
    public string? SpansTable { get; }

    /// <summary>Where the OTLP exporter posts: the MLflow server's <c>/v1/traces</c>, or the workspace's OTLP route.</summary>
    public Uri OtlpEndpoint => new(
        Connection.ServerAddress!,
        Connection.Scheme == DatabricksConnection.DatabricksScheme ? DatabricksOtlpIngestion.TracesPath : MlflowOtlpExporter.TracesPath);

    /// <summary>Resolves the target of <paramref name="options"/>; values set there win over the resolver's sources.</summary>
    /// <param name="options">The tracing options.</param>
    /// <param name="resolver">The resolver of the client's settings.</param>
    /// <param name="loggerFactory">The service provider's logger factory, if any.</param>
    /// <param name="clientConnection">The registered client's connection, if any; a <c>databricks</c> one on the same tracking URI is shared.</param>
    /// <exception cref="ArgumentException">The tracking URI is malformed, or neither http(s), databricks nor sqlite; a Databricks value is malformed.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    /// <exception cref="DatabricksAuthenticationException">A <c>databricks</c> tracking URI without a fully configured auth method.</exception>
    public static TracingTarget Resolve(
        MlflowTracingOptions options, MlflowSettingsResolver resolver, ILoggerFactory? loggerFactory, Func<MlflowConnection?>? clientConnection = null)
    {
        var connection = resolver.ResolveConnection(options.Overrides());
        if (connection.Scheme is not ("http" or "https" or "sqlite" or DatabricksConnection.DatabricksScheme))
        {
            throw new ArgumentException(
                $"Tracking URI '{connection.TrackingUri}' is not supported for tracing: use http(s)://host:port for an MLflow server, databricks or databricks://<profile> for a Databricks workspace, or sqlite:///path.db.",
                nameof(options));
        }

        if (connection.Scheme == DatabricksConnection.DatabricksScheme)
        {
            connection = BindWorkspace(connection, options, resolver, clientConnection?.Invoke());
        }
        else if (options.DatabricksSpansTable is { } table)
        {
            throw new ArgumentException(
                $"DatabricksSpansTable '{table}' is set, but the tracking URI '{connection.TrackingUri}' is not a Databricks workspace: remove it, or use the tracking URI databricks.",
                nameof(options));
        }

        var accounting = options.Accounting;
        var logging = options.LoggerFactory ?? loggerFactory ?? NullLoggerFactory.Instance;
        accounting.Log = new DropLog(logging.CreateLogger(TracingLog.Category), options.TimeProvider, Describe(connection));
        return new TracingTarget(connection, new TraceExperiment(connection, options.TimeProvider, logging), accounting, options.DatabricksSpansTable);
    }

    /// <summary>
    /// The client's workspace and credentials when it is on the same tracking URI and the options set no Databricks values of
    /// their own (one token cache); else the workspace the options, the environment and the profile describe.
    /// </summary>
    private static MlflowConnection BindWorkspace(
        MlflowConnection connection, MlflowTracingOptions options, MlflowSettingsResolver resolver, MlflowConnection? client)
    {
        if (options.Databricks is null && client is { TrackingUri: var uri } && uri == connection.TrackingUri && DatabricksConnection.Of(client) is { } shared)
        {
            return connection.WithServer(shared.Host, shared.Credentials, "the client's Databricks host");
        }

        return DatabricksConnection.Bind(
            connection, resolver.ResolveDatabricks(connection.TrackingUri, options.Databricks), new MlflowRetryOptions().Freeze(), applicationId: null, options.TimeProvider);
    }

    /// <summary>The destination as log lines name it: the server's address without user information, or the database file.</summary>
    private static string Describe(MlflowConnection connection) => connection.ServerAddress is { } server
        ? server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : connection.DatabasePath ?? connection.TrackingUri;
}
