using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// A crash at every step (after scoring and before a write, after a write, before and after a checkpoint) loses and repeats
/// nothing: the restarted monitor (same instance id, as a StatefulSet pod comes back) finishes the work and every selected
/// (trace, scorer) ends with exactly one feedback. And a write whose reply is lost is not written twice.
/// </summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class MonitorCrashTests(string kind)
{
    private const int Traces = 120;
    private MonitorBackend _backend = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task Create()
    {
        _backend = await MonitorBackend.CreateAsync(kind);
        _clock = Clock();
        var admin = _backend.NewClient();
        await (await Length().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.8));
        await (await Mentions().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.4));
        await SeedAsync(_backend, 0, Traces, _clock.GetUtcNow().AddSeconds(-20));
    }

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [TestCase(CrashPoint.BeforeWrite, 1)]
    [TestCase(CrashPoint.BeforeWrite, 37)]
    [TestCase(CrashPoint.AfterWrite, 1)]
    [TestCase(CrashPoint.AfterWrite, 64)]
    [TestCase(CrashPoint.BeforeCheckpoint, 1)]
    [TestCase(CrashPoint.BeforeCheckpoint, 2)]
    [TestCase(CrashPoint.AfterCheckpoint, 1)]
    public async Task Restart_AfterCrash_LosesAndRepeatsNothing(CrashPoint point, int nth)
    {
        var faulty = new FaultingBackend(_backend.NewMonitorBackend(), point, nth);
        var crashed = Monitor(faulty, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        var crash = () => crashed.PollOnceAsync();
        await crash.Should().ThrowAsync<SimulatedCrashException>();

        // The process is gone: its object is dropped without a clean shutdown. It comes back with the same identity.
        await using var restarted = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        await restarted.PollOnceAsync();

        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, Traces), ("answer_length", 0.8), ("mentions_answer", 0.4)));
    }

    [Test]
    public async Task PollOnceAsync_WriteLandsButReplyIsLost_RetriesWithoutDuplicate()
    {
        var faulty = new LostReplyBackend(_backend.NewMonitorBackend(), everyNth: 7);
        await using var monitor = Monitor(faulty, _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));

        await monitor.PollOnceAsync();

        faulty.LostReplies.Should().BeGreaterThan(0);
        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, Traces), ("answer_length", 0.8), ("mentions_answer", 0.4)));
    }

    [Test]
    public async Task PollOnceAsync_AfterEverythingIsDone_RepeatsNothing()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        var first = await monitor.PollOnceAsync();

        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = await monitor.PollOnceAsync();

        first.FeedbackWritten.Should().BeGreaterThan(0);
        second.TracesSeen.Should().Be(0, "the checkpoint covers every trace already scored");
        second.FeedbackWritten.Should().Be(0);
    }
}
