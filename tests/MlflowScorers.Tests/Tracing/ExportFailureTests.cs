using System;
using System.Linq;
using System.Threading;
using MlflowScorers.Tracing;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

[NonParallelizable]
public class ExportFailureTests
{
    [Test]
    public void ThrowingWriter_DoesNotThrowIntoTheApp_AndItsSpansAreCountedAsDropped()
    {
        using var dropped = new DroppedSpansListener();
        var writer = new FakeTraceWriter { Failure = new InvalidOperationException("database is locked") };
        using var harness = new TracingHarness(writer);

        var act = () =>
        {
            using (harness.Source.StartActivity("app"))
            using (harness.Source.StartActivity("child"))
            {
            }

            harness.Provider.ForceFlush();
            harness.Provider.Shutdown();
        };

        act.Should().NotThrow();
        harness.Accounting.DroppedSpans.Should().Be(2);
        harness.Accounting.ExportedSpans.Should().Be(0);
        dropped[DropReasons.ExportFailed].Should().Be(2);
    }

    [Test]
    public void FullQueue_DropsFurtherSpans_AndCountsThem()
    {
        using var dropped = new DroppedSpansListener();
        using var gate = new ManualResetEventSlim();
        var writer = new FakeTraceWriter { Gate = gate };
        using var harness = new TracingHarness(writer, o =>
        {
            o.MaxQueueSize = 1;
            o.MaxExportBatchSize = 1;
            o.ScheduledDelay = TimeSpan.FromHours(1);
        });

        // A full batch wakes the export worker, which takes "first" and blocks in the writer.
        using (harness.Source.StartActivity("first"))
        {
        }

        writer.FirstWriteStarted.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        // The queue holds one span: "second" waits in it, "third" and "fourth" find it full.
        foreach (var name in new[] { "second", "third", "fourth" })
        {
            using (harness.Source.StartActivity(name))
            {
            }
        }

        gate.Set();

        // ForceFlush can return while the exporter is still counting its last batch; Shutdown joins the export worker.
        harness.Provider.Shutdown().Should().BeTrue();

        writer.Traces.Select(t => t.RootSpan!.Name).Should().Equal("first", "second");
        harness.Accounting.DroppedSpans.Should().Be(2);
        harness.Accounting.ExportedSpans.Should().Be(2);
        dropped[DropReasons.QueueFull].Should().Be(2);
    }

    [Test]
    public void SpansWaitingForTheirRoot_AreBounded_AndTheOverflowIsCounted()
    {
        using var dropped = new DroppedSpansListener();
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer, o =>
        {
            o.MaxQueueSize = 2;
            o.MaxExportBatchSize = 2;
        });
        using var root = harness.Source.StartActivity("app")!;
        foreach (var name in new[] { "a", "b", "c" })
        {
            using (harness.Source.StartActivity(name))
            {
            }

            harness.Flush();
        }

        root.Stop();
        harness.Flush();

        writer.Traces.Single().Spans.Select(s => s.Name).Should().Equal("app", "a", "b");
        dropped[DropReasons.BufferFull].Should().Be(1);
        harness.Accounting.DroppedSpans.Should().Be(1);
    }

    [Test]
    public void ShutdownBeforeTheRootEnds_CountsTheWaitingSpansAsIncomplete()
    {
        using var dropped = new DroppedSpansListener();
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using var root = harness.Source.StartActivity("app")!;
        using (harness.Source.StartActivity("child"))
        {
        }

        harness.Provider.Shutdown().Should().BeTrue();

        writer.Writes.Should().BeEmpty();
        dropped[DropReasons.Incomplete].Should().Be(1);
    }
}
