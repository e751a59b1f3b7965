using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Monitoring.Leases;
using MlflowScorers.Stores.Local;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// On the local store the monitor writes each batch's feedback in one transaction that checks the idempotency keys inside
/// it. A crash before or after that transaction, a reply lost after it, another writer or a deletion just before it, all
/// end with exactly one feedback per selected (trace, scorer). And a lease the monitor trusts without reading (it has half
/// its time left) is re-read once that time has passed, so a takeover mid-batch is still seen (both backends).
/// </summary>
public sealed class MonitorBatchWriteTests
{
    private const int Traces = 120;
    private MonitorBackend _backend = null!;
    private FakeTimeProvider _clock = null!;

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [TestCase(1, false)]
    [TestCase(1, true)]
    [TestCase(2, false)]
    [TestCase(3, true)]
    public async Task Restart_AfterCrashAroundABatchWrite_LosesAndRepeatsNothing(int nth, bool landed)
    {
        await CreateAsync("local");
        var faulty = new BatchHookBackend(_backend.NewMonitorBackend())
        {
            Nth = nth,
            BeforeBatch = landed ? null : _ => throw new SimulatedCrashException("before a batch write"),
            AfterBatch = landed ? _ => throw new SimulatedCrashException("after a batch write") : null,
        };
        var crashed = Monitor(faulty, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        var crash = () => crashed.PollOnceAsync();
        await crash.Should().ThrowAsync<SimulatedCrashException>();

        await using var restarted = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        var summary = await restarted.PollOnceAsync();

        faulty.BatchWrites.Should().Be(nth, "the batch path was taken");
        summary.FeedbackAlreadyPresent.Should().Be(landed ? BatchSizeOf(nth) : 0, "what the crashed batch committed is found, not written again");
        await ShouldHaveExactlyOnceAsync(_backend, Everything());
    }

    [Test]
    public async Task PollOnceAsync_BatchReplyLost_RetriesAndSkipsWhatLanded()
    {
        await CreateAsync("local");
        var lost = new BatchHookBackend(_backend.NewMonitorBackend())
        {
            AfterBatch = _ => throw new MlflowException(MlflowErrorCode.TemporarilyUnavailable, "The reply was lost (simulated)."),
        };
        await using var monitor = Monitor(lost, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));

        var summary = await monitor.PollOnceAsync();

        lost.BatchWrites.Should().BeGreaterThan(Batches(), "the first batch was written again");
        summary.FeedbackAlreadyPresent.Should().Be(BatchSizeOf(1), "the retry found the first batch's feedback in the store");
        summary.FeedbackWritten.Should().Be(Everything().Count - BatchSizeOf(1));
        await ShouldHaveExactlyOnceAsync(_backend, Everything());
    }

    [Test]
    public async Task PollOnceAsync_AnotherWriterLandsFirst_ItsFeedbackIsKeptAndNotRepeated()
    {
        await CreateAsync("local");
        var other = _backend.NewClient();
        var raced = new BatchHookBackend(_backend.NewMonitorBackend())
        {
            // Another replica's write of the same (trace, scorer, version) lands between this batch's fetch and its write.
            BeforeBatch = async batch => await other.CreateAssessmentAsync(batch[0]),
        };
        await using var monitor = Monitor(raced, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));

        var summary = await monitor.PollOnceAsync();

        summary.FeedbackAlreadyPresent.Should().Be(1);
        summary.FeedbackWritten.Should().Be(Everything().Count - 1);
        await ShouldHaveExactlyOnceAsync(_backend, Everything());
    }

    [Test]
    public async Task PollOnceAsync_TraceDeletedBeforeTheBatchWrite_TheRestIsWritten()
    {
        await CreateAsync("local");
        string? deleted = null;
        var deleting = new BatchHookBackend(_backend.NewMonitorBackend())
        {
            BeforeBatch = async batch =>
            {
                deleted = batch[0].TraceId!;
                await _backend.DeleteTraceAsync(deleted);
            },
        };
        await using var monitor = Monitor(deleting, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));

        var summary = await monitor.PollOnceAsync();

        var expected = Everything().Where(e => e.Trace != deleted).ToHashSet();
        summary.FeedbackWritten.Should().Be(expected.Count, "only the deleted trace's feedback is refused");
        await ShouldHaveExactlyOnceAsync(_backend, expected);
    }

    [TestCaseSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
    public async Task PollOnceAsync_LeaseTakenOverAfterItLapsedMidBatch_WritesNothingForIt(string kind)
    {
        await CreateAsync(kind);
        var options = Options(_backend, _clock, "replica-0", Length(), Mentions());
        var tags = new MonitorTags(options.Partitions);
        var admin = _backend.NewMonitorBackend();
        var stolen = false;
        var stalled = new BatchHookBackend(_backend.NewMonitorBackend())
        {
            // The replica stalls past its leases while scoring its first batch; another replica takes every partition.
            AfterFetch = async () =>
            {
                if (stolen)
                {
                    return;
                }

                stolen = true;
                _clock.Advance(options.LeaseDuration + TimeSpan.FromSeconds(1));
                var until = _clock.GetUtcNow().Add(options.LeaseDuration).ToUnixTimeMilliseconds();
                for (var p = 0; p < options.Partitions; p++)
                {
                    await admin.SetTagAsync(_backend.ExperimentId, tags.Lease(p), new PartitionLease(MonitorTags.KeyOf("replica-1"), until).ToJson(), default);
                }
            },
        };
        await using var monitor = Monitor(stalled, _backend.ExperimentId, options);

        var summary = await monitor.PollOnceAsync();

        stolen.Should().BeTrue();
        summary.FeedbackWritten.Should().Be(0, "every partition changed hands before the first write");
        (await _backend.MonitorFeedbackAsync()).Should().BeEmpty();
    }

    private async Task CreateAsync(string kind)
    {
        _backend = await MonitorBackend.CreateAsync(kind);
        _clock = Clock();
        var admin = _backend.NewClient();
        await (await Length().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.8));
        await (await Mentions().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.4));
        await SeedAsync(_backend, 0, Traces, _clock.GetUtcNow().AddSeconds(-20));
    }

    private static HashSet<(string Trace, string Key)> Everything() =>
        Expected(Enumerable.Range(0, Traces), ("answer_length", 0.8), ("mentions_answer", 0.4));

    /// <summary>How many batches of 50 traces (the test kit's batch size) the seeded traces make.</summary>
    private static int Batches() => (Traces + 49) / 50;

    /// <summary>How many feedback the n-th batch writes: the selections of its traces, in the monitor's (timestamp, id) order.</summary>
    private static int BatchSizeOf(int nth) =>
        Expected(Enumerable.Range(0, Traces).Skip((nth - 1) * 50).Take(50), ("answer_length", 0.8), ("mentions_answer", 0.4)).Count;
}
