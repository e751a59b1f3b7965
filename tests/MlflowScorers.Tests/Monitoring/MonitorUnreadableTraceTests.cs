using System;
using System.Linq;
using System.Threading.Tasks;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// MLflow 3.11 answers 500 to a batch get that includes a trace stored without spans (spec Errata 26): the monitor scores
/// every trace it can read, skips and counts the unreadable one, and its checkpoint moves on past it.
/// </summary>
public sealed class MonitorUnreadableTraceTests
{
    [Test]
    public async Task PollOnceAsync_SpanlessTraceOnMlflow311_ScoresTheRest_CountsTheSkip_AndTheCheckpointMovesOn()
    {
        await using var backend = await MonitorBackend.CreateAsync("mlflow-3.11");
        var clock = Clock();
        await (await Length().RegisterAsync(backend.Admin)).StartAsync(backend.Admin, new ScorerSamplingConfig(1.0));
        var start = clock.GetUtcNow().AddMinutes(-5);
        await SeedAsync(backend, 0, 10, start);
        var spanless = new TraceSeed(10, start.AddSeconds(1)).ToServerJson();
        spanless.Remove("spans");
        backend.Server!.AddTrace(backend.ExperimentId, spanless);
        await using var monitor = Monitor(backend.NewMonitorBackend(), backend.ExperimentId, Options(backend, clock, "replica-0", Length()));

        var first = await monitor.PollOnceAsync();
        await SeedAsync(backend, 11, 1, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await monitor.PollOnceAsync();

        first.FeedbackWritten.Should().Be(10);
        first.TracesUnreadable.Should().Be(1);
        second.FeedbackWritten.Should().Be(1, "the trace after the unreadable one is scored: the checkpoint did not stay behind it");
        await ShouldHaveExactlyOnceAsync(backend, Expected(Enumerable.Range(0, 10).Append(11), ("answer_length", 1.0)));
        backend.Server.Requests.Should().Contain(r => r.PathAndQuery.Contains("/traces/get?", StringComparison.Ordinal), "the batch's traces were read one by one");
    }

    [Test]
    public async Task PollOnceAsync_BatchGetAnswers500_FallsBackToOneByOne_AndScoresEveryTrace()
    {
        await using var backend = await MonitorBackend.CreateAsync("mlflow-3.11");
        var clock = Clock();
        await (await Length().RegisterAsync(backend.Admin)).StartAsync(backend.Admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(backend, 0, 10, clock.GetUtcNow().AddMinutes(-5));
        await using var monitor = Monitor(backend.NewMonitorBackend(), backend.ExperimentId, Options(backend, clock, "replica-0", Length()));
        backend.Server!.FailNext("GET", "/traces/batchGet", 500, count: 4); // The first try and the client's three retries.

        var summary = await monitor.PollOnceAsync();

        summary.FeedbackWritten.Should().Be(10);
        summary.TracesUnreadable.Should().Be(0);
        backend.Server.PendingFaults.Should().Be(0);
        await ShouldHaveExactlyOnceAsync(backend, Expected(Enumerable.Range(0, 10), ("answer_length", 1.0)));
    }
}
