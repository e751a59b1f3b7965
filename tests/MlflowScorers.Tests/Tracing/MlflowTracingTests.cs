using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Tracing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

[NonParallelizable]
public class MlflowTracingTests
{
    [Test]
    public void StartRootActivity_UnderAnIncomingTraceparent_StartsANewRootLinkedToIt()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using var incoming = new Activity("incoming request")
            .SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .Start();
        Activity.Current.Should().BeSameAs(incoming);

        using (var root = MlflowTracing.StartRootActivity(harness.Source, "chat turn", tags: [new("mlflow.spanType", "AGENT")])!)
        {
            root.ParentSpanId.Should().Be(default(ActivitySpanId));
            root.TraceId.Should().NotBe(incoming.TraceId);
            root.Links.Should().ContainSingle().Which.Context.Should().Be(incoming.Context);
            using (harness.Source.StartActivity("step"))
            {
            }
        }

        harness.Flush();

        var trace = writer.Traces.Should().ContainSingle().Subject;
        trace.RootSpan!.Name.Should().Be("chat turn");
        trace.RootSpan.SpanType.Should().Be(SpanType.Agent);
        trace.Spans.Select(s => s.Name).Should().Equal("chat turn", "step");
        trace.TraceId.Should().NotContain(incoming.TraceId.ToHexString());
    }

    [Test]
    public void StartRootActivity_WithoutACurrentSpan_HasNoLinks_AndNothingListening_LeavesCurrentAlone()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var root = MlflowTracing.StartRootActivity(harness.Source, "app")!)
        {
            root.Links.Should().BeEmpty();
        }

        using var unheard = new ActivitySource("MlflowScorers.Tests.Tracing.Unheard");
        using var current = new Activity("current").Start();
        MlflowTracing.StartRootActivity(unheard, "ignored").Should().BeNull();
        Activity.Current.Should().BeSameAs(current);
    }

    [Test]
    public async Task UnsetOptions_ComeFromTheResolver_WhichReadsTheMlflowEnvironmentVariables()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:5000",
            ["MLFLOW_EXPERIMENT_ID"] = "42",
            ["MLFLOW_TRACKING_TOKEN"] = "t",
        };
        var resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.From(environment));

        var target = TracingTarget.Resolve(new MlflowTracingOptions(), resolver, loggerFactory: null);
        await using var experiment = target.Experiment;

        target.Connection.TrackingUri.Should().Be("http://127.0.0.1:5000");
        target.Connection.Credentials!.Description.Should().Be("bearer token");
        experiment.TryResolve(out var id, out _).Should().BeTrue();
        id.Should().Be("42");
    }

    [Test]
    public async Task OptionsSetInCode_WinOverTheEnvironment_AndNothingSetGivesMlflowDefaults()
    {
        var environment = new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:5000", ["MLFLOW_EXPERIMENT_ID"] = "42" };
        var resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.From(environment));

        var overridden = TracingTarget.Resolve(new MlflowTracingOptions { TrackingUri = "sqlite:///other.db" }, resolver, loggerFactory: null);
        var defaults = TracingTarget.Resolve(new MlflowTracingOptions(), new MlflowSettingsResolver(null, null, EnvironmentReader.None), null);
        await using var first = overridden.Experiment;
        await using var second = defaults.Experiment;

        overridden.Connection.TrackingUri.Should().Be("sqlite:///other.db");
        defaults.Connection.TrackingUri.Should().Be(MlflowTracingOptions.DefaultTrackingUri);
        defaults.Connection.Credentials.Should().BeNull();
        second.TryResolve(out var id, out _).Should().BeTrue();
        id.Should().Be(MlflowTracingOptions.DefaultExperimentId);
        new MlflowTracingOptions().Sources.Should().Equal("Experimental.Microsoft.Extensions.AI", "Microsoft.Extensions.AI");
    }

    [TestCase("file:///tmp/mlruns")]
    [TestCase("mlflow-artifacts:/x")]
    public void UnsupportedTrackingUri_IsRejectedWhenTheProviderIsBuilt(string trackingUri)
    {
        var act = () => MlflowTracing.CreateTracerProvider(o => o.TrackingUri = trackingUri);

        act.Should().Throw<ArgumentException>().WithMessage($"*'{trackingUri}'*");
    }

    [Test]
    public void BatchLargerThanTheQueue_IsRejected()
    {
        var act = () => Sdk.CreateTracerProviderBuilder()
            .AddMlflowTracing(o => { o.TrackingUri = "http://127.0.0.1:1"; o.MaxQueueSize = 10; o.MaxExportBatchSize = 11; });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
