using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Diagnostics;
using MlflowScorers.Tests.Support;
using MlflowScorers.Tracing;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>Every dropped span is logged with its reason, at most one line a minute per reason, the rest summed.</summary>
public sealed class DropLogTests
{
    [Test]
    public void Drops_AreLoggedAtOnce_ThenSummedForAMinute_ThenLoggedAgain_AndFlushedAtShutdown()
    {
        var logs = new CapturingLoggerFactory();
        var time = new FakeTimeProvider();
        var log = new DropLog(logs.CreateLogger(TracingLog.Category), time, "/data/mlflow.db");

        log.Record(1, DropReasons.QueueFull, null);
        for (var i = 0; i < 5; i++)
        {
            log.Record(1, DropReasons.QueueFull, null);
        }

        log.Record(2, DropReasons.ExportFailed, "RESOURCE_DOES_NOT_EXIST: No Experiment with id=1 exists");
        time.Advance(DropLog.Interval);
        log.Record(1, DropReasons.QueueFull, null);
        log.Record(4, DropReasons.BufferFull, null);
        log.Record(1, DropReasons.BufferFull, null);
        log.Flush();

        logs.Lines.Select(l => (l.EventId, Reason: (string)l.Values["Reason"]!, Count: (long)l.Values["Count"]!)).Should().Equal(
            (MlflowLogEvents.TracingSpansDropped, DropReasons.QueueFull, 1L),
            (MlflowLogEvents.TracingExportFailed, DropReasons.ExportFailed, 2L),
            (MlflowLogEvents.TracingSpansDropped, DropReasons.QueueFull, 6L),
            (MlflowLogEvents.TracingSpansDropped, DropReasons.BufferFull, 4L),
            (MlflowLogEvents.TracingSpansDropped, DropReasons.BufferFull, 1L));
        logs.Lines[1].Level.Should().Be(LogLevel.Error);
        logs.Lines[1].Message.Should().Contain("/data/mlflow.db").And.Contain("No Experiment with id=1 exists");
        logs.Lines[0].Message.Should().Contain("MaxQueueSize");
    }

    [Test]
    public void FullQueue_InAPipeline_IsLogged_NotOnlyCounted()
    {
        var logs = new CapturingLoggerFactory();
        using var gate = new System.Threading.ManualResetEventSlim();
        var writer = new FakeTraceWriter { Gate = gate };
        using var harness = new TracingHarness(writer, o =>
        {
            o.MaxQueueSize = 1;
            o.MaxExportBatchSize = 1;
            o.ScheduledDelay = TimeSpan.FromHours(1);
            o.LoggerFactory = logs;
        });
        using (harness.Source.StartActivity("first"))
        {
        }

        writer.FirstWriteStarted.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        foreach (var name in new[] { "second", "third", "fourth" })
        {
            using (harness.Source.StartActivity(name))
            {
            }
        }

        gate.Set();
        harness.Provider.Shutdown().Should().BeTrue();

        var dropped = logs.Lines.Where(l => l.EventId == MlflowLogEvents.TracingSpansDropped).ToList();
        dropped.Should().OnlyContain(l => (string)l.Values["Reason"]! == DropReasons.QueueFull);
        dropped.Sum(l => (long)l.Values["Count"]!).Should().Be(harness.Accounting.DroppedSpans).And.Be(2);
    }
}
