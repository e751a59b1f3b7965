using System;
using System.Diagnostics;
using System.Linq;
using MlflowScorers;
using MlflowScorers.Tracing;
using OpenTelemetry;

namespace OpenTelemetry.Trace;

/// <summary>Adds MLflow tracing to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class MlflowTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the configured <see cref="ActivitySource"/> names, maps their spans to MLflow's conventions
    /// (<c>mlflow.spanType</c>, <c>mlflow.spanInputs</c>, <c>mlflow.spanOutputs</c>) and exports them through a bounded
    /// batch queue: to an MLflow server's <c>/v1/traces</c> endpoint for an <c>http(s)</c> tracking URI, or straight into
    /// the local MLflow database for a <c>sqlite:</c> one. Export never throws into the application; dropped spans are
    /// counted in the <c>mlflow.tracing.dropped_spans</c> counter of the <c>MlflowScorers</c> meter. Shut the tracer provider
    /// down before the process exits so the last spans are sent.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Changes the options, which start from the <c>MLFLOW_*</c> environment variables.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or the tracking URI is neither http(s) nor sqlite.</exception>
    public static TracerProviderBuilder AddMlflowTracing(this TracerProviderBuilder builder, Action<MlflowTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MlflowTracingOptions();
        configure?.Invoke(options);
        options.Validate();
        var exporter = CreateExporter(options);
        return builder
            .AddSource([.. options.Sources.Distinct(StringComparer.Ordinal)])
            .AddProcessor(new MlflowSpanProcessor())
            .AddProcessor(new BoundedExportProcessor(exporter, options));
    }

    private static BaseExporter<Activity> CreateExporter(MlflowTracingOptions options)
    {
        var uri = options.TrackingUri;
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new MlflowOtlpExporter(options);
        }

        if (uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalTraceExporter(options);
        }

        throw new ArgumentException(
            $"Tracking URI '{uri}' is not supported for tracing: use http(s)://host:port for an MLflow server or sqlite:///path.db.",
            nameof(options));
    }
}
