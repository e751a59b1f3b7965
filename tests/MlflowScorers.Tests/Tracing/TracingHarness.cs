using System;
using System.Diagnostics;
using MlflowScorers.Configuration;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>A tracer provider in local mode over a <see cref="FakeTraceWriter"/>, listening to a source of its own.</summary>
internal sealed class TracingHarness : IDisposable
{
    public const string TrackingUri = "sqlite:///unused.db";

    private MlflowTracingOptions? _options;

    public TracingHarness(FakeTraceWriter writer, Action<MlflowTracingOptions>? configure = null)
    {
        Writer = writer;
        Source = new ActivitySource("MlflowScorers.Tests.Tracing." + Guid.NewGuid().ToString("N"));
        Provider = Sdk.CreateTracerProviderBuilder().AddMlflowTracing(options =>
        {
            options.TrackingUri = TrackingUri;
            options.ExperimentId = "5";
            options.Sources.Add(Source.Name);
            options.TraceWriterFactory = c => c.TrackingUri == TrackingUri ? writer : throw new ArgumentException(c.TrackingUri);
            options.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
            configure?.Invoke(options);
            _options = options;
        }).Build();
    }

    public FakeTraceWriter Writer { get; }

    public ActivitySource Source { get; }

    public TracerProvider Provider { get; }

    /// <summary>The counts of the pipeline under test.</summary>
    public MlflowScorers.Tracing.ExportAccounting Accounting => _options!.Accounting;

    public void Flush() => Provider.ForceFlush().Should().BeTrue();

    public void Dispose()
    {
        Provider.Dispose();
        Source.Dispose();
    }
}
