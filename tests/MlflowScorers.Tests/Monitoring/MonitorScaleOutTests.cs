using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// Several replicas on one experiment divide the partitions through lease tags in the backend and together write exactly one
/// feedback per selected (trace, scorer): two and three replicas over 1,000 traces, a replica killed mid-batch whose
/// partitions another takes over once its leases lapse, and a server answering 500 and 429 in bursts. These run on the real
/// clock (leases expire in real time), polling in rounds until the work is done.
/// </summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class MonitorScaleOutTests(string kind)
{
    private const int Traces = 1000;
    private static readonly (string, double)[] s_rates = [("answer_length", 0.3), ("mentions_answer", 0.1)];
    private MonitorBackend _backend = null!;

    [SetUp]
    public async Task Create()
    {
        _backend = await MonitorBackend.CreateAsync(kind);
        var admin = _backend.NewClient();
        await (await Length().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.3));
        await (await Mentions().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(0.1));
        await SeedAsync(_backend, 0, Traces, DateTimeOffset.UtcNow.AddMinutes(-20));
    }

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [TestCase(2)]
    [TestCase(3)]
    public async Task Replicas_ShareTheWork_AndWriteEachFeedbackOnce(int replicas)
    {
        var monitors = Enumerable.Range(0, replicas).Select(i => Replica($"replica-{i}", _backend.NewMonitorBackend())).ToList();

        var summaries = await PollUntilDoneAsync(monitors);

        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, Traces), s_rates));
        summaries.Where(s => s.Summary.PartitionsHeld > 0).Select(s => s.Instance).Distinct().Should().HaveCount(replicas, "every replica got a share");
        foreach (var monitor in monitors)
        {
            await monitor.DisposeAsync();
        }
    }

    [Test]
    public async Task ReplicaKilledMidBatch_ItsWorkIsFinishedByAnother()
    {
        var doomed = Replica("doomed", new FaultingBackend(_backend.NewMonitorBackend(), CrashPoint.AfterWrite, 25));
        await using var survivor = Replica("survivor", _backend.NewMonitorBackend());

        var first = () => Task.WhenAll(doomed.PollOnceAsync(), survivor.PollOnceAsync());
        await first.Should().ThrowAsync<SimulatedCrashException>();
        await PollUntilDoneAsync([survivor]);

        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, Traces), s_rates));
    }

    [Test]
    public async Task ServerErrorsInBursts_DelayFeedbackButLoseNone()
    {
        if (_backend.Server is not { } server)
        {
            Assert.Ignore("Fault bursts are injected by the fake server.");
            return;
        }

        server.FailNext("POST", "/assessments", 500, 8);
        server.FailNext("POST", "/assessments", 429, 8);
        server.FailNext("POST", "/traces/search", 500, 6);
        server.FailNext("GET", "/traces/batchGet", 503, 6);
        server.FailNext("POST", "/set-experiment-tag", 500, 2);
        await using var monitor = Replica("replica-0", _backend.NewMonitorBackend());

        await PollUntilDoneAsync([monitor]);

        server.PendingFaults.Should().Be(0);
        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, Traces), s_rates));
    }

    private ScorerMonitor Replica(string id, MlflowScorers.Monitoring.IMonitorBackend backend)
    {
        var options = Options(_backend, TimeProvider.System, id, Length(), Mentions());
        options.LeaseSettleDelay = TimeSpan.FromMilliseconds(150);
        options.LeaseDuration = TimeSpan.FromSeconds(1.5);
        options.CompletionBuffer = TimeSpan.Zero;
        options.BatchSize = 100;
        return Monitor(backend, _backend.ExperimentId, options);
    }

    /// <summary>Polls every replica at once, round after round, until the expected feedback is all there (at most 9 s).</summary>
    private async Task<List<(string Instance, MonitorPollSummary Summary)>> PollUntilDoneAsync(IReadOnlyList<ScorerMonitor> monitors)
    {
        var expected = Expected(Enumerable.Range(0, Traces), s_rates).Count;
        var summaries = new List<(string, MonitorPollSummary)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(9))
        {
            var round = await Task.WhenAll(monitors.Select(async m =>
            {
                try
                {
                    return (m.InstanceId, await m.PollOnceAsync());
                }
                catch (MlflowApiException)
                {
                    return (m.InstanceId, (MonitorPollSummary?)null);
                }
            }));
            summaries.AddRange(round.Where(r => r.Item2 is not null).Select(r => (r.InstanceId, r.Item2!)));
            if ((await _backend.MonitorFeedbackAsync()).Count >= expected)
            {
                break;
            }
        }

        return summaries;
    }
}
