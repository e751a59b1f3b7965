using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tracing;

/// <summary>
/// Where one tracing pipeline sends its spans, resolved once when the tracer provider is built: the connection (from the
/// same resolver as the client, so <c>sqlite://relative</c> and credentials over plain http to another host are refused
/// here, before any span), the experiment, and the accounting and log of dropped spans.
/// </summary>
internal sealed class TracingTarget
{
    private TracingTarget(MlflowConnection connection, TraceExperiment experiment, ExportAccounting accounting)
    {
        Connection = connection;
        Experiment = experiment;
        Accounting = accounting;
    }

    public MlflowConnection Connection { get; }

    public TraceExperiment Experiment { get; }

    public ExportAccounting Accounting { get; }

    /// <summary>Resolves the target of <paramref name="options"/>; values set there win over the resolver's sources.</summary>
    /// <exception cref="ArgumentException">The tracking URI is malformed, or neither http(s) nor sqlite.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static TracingTarget Resolve(MlflowTracingOptions options, MlflowSettingsResolver resolver, ILoggerFactory? loggerFactory)
    {
        var connection = resolver.ResolveConnection(options.Overrides());
        if (connection.Scheme is not ("http" or "https" or "sqlite"))
        {
            throw new ArgumentException(
                $"Tracking URI '{connection.TrackingUri}' is not supported for tracing: use http(s)://host:port for an MLflow server or sqlite:///path.db.",
                nameof(options));
        }

        var accounting = options.Accounting;
        var logging = options.LoggerFactory ?? loggerFactory ?? NullLoggerFactory.Instance;
        accounting.Log = new DropLog(logging.CreateLogger(TracingLog.Category), options.TimeProvider, Describe(connection));
        return new TracingTarget(connection, new TraceExperiment(connection, options.TimeProvider, logging), accounting);
    }

    /// <summary>The destination as log lines name it: the server's address without user information, or the database file.</summary>
    private static string Describe(MlflowConnection connection) => connection.ServerAddress is { } server
        ? server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : connection.DatabasePath ?? connection.TrackingUri;
}
