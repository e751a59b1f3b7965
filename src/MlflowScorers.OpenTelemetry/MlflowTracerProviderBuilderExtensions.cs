using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlflowScorers;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Tracing;
using OpenTelemetry;

namespace OpenTelemetry.Trace;

/// <summary>Adds MLflow tracing to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class MlflowTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the configured <see cref="ActivitySource"/> names and to <see cref="ScorerTraces.ActivitySourceName"/>
    /// (scorer traces, recorded only when <see cref="JudgeRuntimeOptions.RecordScorerTraces"/> is on, and tagged
    /// <see cref="ScorerTraces.SourceScorerTag"/>), maps their spans to MLflow's conventions (<c>mlflow.spanType</c>,
    /// <c>mlflow.spanInputs</c>, <c>mlflow.spanOutputs</c>) and exports them through a bounded
    /// batch queue: to an MLflow server's <c>/v1/traces</c> endpoint for an <c>http(s)</c> tracking URI, to the workspace's
    /// OTLP route for <c>databricks</c> or <c>databricks://&lt;profile&gt;</c> (authenticated with the client's Databricks
    /// credential chain, a token refreshed per request; see <see cref="MlflowTracingOptions.DatabricksSpansTable"/>), or
    /// straight into the local MLflow database for a <c>sqlite:</c> one. With no options set it uses the client's tracking URI, experiment
    /// and credentials: the configuration registered with <c>AddMlflowScorers</c> when the tracer provider is built from
    /// dependency injection, then the <c>MLFLOW_*</c> environment variables, then MLflow's defaults. Export never throws into
    /// the application; dropped spans are logged with their reason and cause (rate-limited) and counted in the
    /// <c>mlflow.tracing.dropped_spans</c> counter of the <c>MlflowScorers</c> meter. Shut the tracer provider down before
    /// the process exits so the last spans are sent.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Sets options; values set here win over the client's configuration.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A queue or time bound is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// <see cref="MlflowTracingOptions.DatabricksSpansTable"/> is not <c>catalog.schema.table</c>; when the provider is built:
    /// the tracking URI is malformed (for example <c>sqlite://relative</c>) or neither http(s), databricks nor sqlite, or a
    /// spans table is set for a tracking URI that is not <c>databricks</c>.
    /// </exception>
    /// <exception cref="MlflowException">
    /// When the provider is built: a token or password would travel over plain http to a host other than this machine, or
    /// (<see cref="DatabricksAuthenticationException"/>) no Databricks auth method is fully configured for a
    /// <c>databricks</c> tracking URI; the message lists the methods tried.
    /// </exception>
    public static TracerProviderBuilder AddMlflowTracing(this TracerProviderBuilder builder, Action<MlflowTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MlflowTracingOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.AddSource([.. options.Sources.Append(ScorerTraces.ActivitySourceName).Distinct(StringComparer.Ordinal)]);
        if (builder is not IDeferredTracerProviderBuilder deferred)
        {
            throw new NotSupportedException("AddMlflowTracing needs a tracer provider builder of the OpenTelemetry SDK, which supports deferred configuration.");
        }

        return deferred.Configure((services, tracing) =>
            {
                var resolver = services.GetService<MlflowSettingsResolver>() ?? options.Resolver ?? MlflowSettingsResolver.FromEnvironment();
                var target = TracingTarget.Resolve(
                    options, resolver, services.GetService<ILoggerFactory>(), () => services.GetService<ClientSettings>()?.Connection);
                tracing
                    .AddProcessor(new MlflowSpanProcessor())
                    .AddProcessor(new BoundedExportProcessor(CreateExporter(target, options), options));
            });
    }

    private static BaseExporter<Activity> CreateExporter(TracingTarget target, MlflowTracingOptions options) =>
        target.Connection.Scheme == "sqlite"
            ? new LocalTraceExporter(target, options)
            : MlflowOtlpExporter.Create(target, options.PrimaryHandlerFactory, options.ExportTimeout);
}
