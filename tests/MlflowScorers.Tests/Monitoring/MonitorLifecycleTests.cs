using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Tests.Support;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// The monitor follows the registration that another client (another process) changes while it runs: start, update, stop
/// and delete take effect at the next poll, on the local store and on a fake MLflow 3.11 server.
/// </summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class MonitorLifecycleTests(string kind)
{
    private MonitorBackend _backend = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task Create()
    {
        _backend = await MonitorBackend.CreateAsync(kind);
        _clock = Clock();
    }

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task PollOnceAsync_LifecycleFromAnotherClient_TakesEffectAtTheNextPoll()
    {
        var registered = await Length().RegisterAsync(_backend.Admin);
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));
        var expected = new HashSet<(string, string)>();

        // Registered but not started: nothing runs.
        await SeedAsync(_backend, 0, 5, _clock.GetUtcNow().AddSeconds(-30));
        (await monitor.PollOnceAsync()).FeedbackWritten.Should().Be(0);

        var started = await registered.StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(_backend, 10, 10, _clock.GetUtcNow().AddSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await monitor.PollOnceAsync()).FeedbackWritten.Should().Be(10);
        expected.UnionWith(Expected(Enumerable.Range(10, 10), ("answer_length", 1.0)));

        var updated = await started.UpdateAsync(_backend.Admin, new ScorerSamplingConfig(0.5));
        await SeedAsync(_backend, 100, 40, _clock.GetUtcNow().AddSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        await monitor.PollOnceAsync();
        expected.UnionWith(Expected(Enumerable.Range(100, 40), ("answer_length", 0.5)));
        await ShouldHaveExactlyOnceAsync(_backend, expected);

        var stopped = await updated.StopAsync(_backend.Admin);
        await SeedAsync(_backend, 200, 5, _clock.GetUtcNow().AddSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await monitor.PollOnceAsync()).ScorerRuns.Should().Be(0);

        var filtered = await stopped.StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0, "tags.env = 'prod'"));
        await _backend.AddTracesAsync(Enumerable.Range(300, 6).Select(i => new TraceSeed(i, _clock.GetUtcNow().AddSeconds(1).AddMilliseconds(i))
        {
            Tags = new Dictionary<string, string> { ["env"] = i % 2 == 0 ? "prod" : "dev" },
        }));
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await monitor.PollOnceAsync()).FeedbackWritten.Should().Be(3);
        expected.UnionWith(Expected([300, 302, 304], ("answer_length", 1.0)));

        await _backend.Admin.DeleteAsync(filtered);
        await SeedAsync(_backend, 400, 5, _clock.GetUtcNow().AddSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await monitor.PollOnceAsync()).ScorerRuns.Should().Be(0);

        await ShouldHaveExactlyOnceAsync(_backend, expected);
    }

    [Test]
    public async Task PollOnceAsync_WritesFeedbackOnTheRootSpanWithScorerAndMonitorMetadata()
    {
        await (await Length().RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await _backend.AddTracesAsync([new TraceSeed(7, _clock.GetUtcNow().AddSeconds(-10)), new TraceSeed(8, _clock.GetUtcNow().AddSeconds(-9)) { FromEvaluationRun = true }]);
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-7", Length()));

        var summary = await monitor.PollOnceAsync();

        summary.TracesSeen.Should().Be(1, "a trace from an evaluation run (metadata mlflow.sourceRun) is skipped");
        var feedback = (await _backend.Admin.ListAssessmentsAsync(MonitorBackend.TraceId(7))).OfType<Feedback>().Should().ContainSingle().Subject;
        feedback.Name.Should().Be("answer_length");
        feedback.Value!.ToJsonString().Should().Be("8", "the length of \"answer 7\"");
        feedback.Source.SourceType.Should().Be(AssessmentSourceType.Code);
        feedback.SpanId.Should().Be(new TraceSeed(7, default).SpanId);
        feedback.Metadata.Should().Contain(MonitorMetadataKeys.ScorerName, "answer_length")
            .And.Contain(MonitorMetadataKeys.ScorerVersion, "1")
            .And.Contain(MonitorMetadataKeys.Instance, "replica-7")
            .And.Contain(MonitorMetadataKeys.IdempotencyKey, $"{MonitorBackend.TraceId(7)}:answer_length:1");
        (await _backend.Admin.ListAssessmentsAsync(MonitorBackend.TraceId(8))).Should().BeEmpty();
    }

    [Test]
    public async Task PollOnceAsync_TraceArrivingBehindTheCheckpoint_IsScoredOnce()
    {
        await (await Length().RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(_backend, 1, 1, _clock.GetUtcNow().AddSeconds(-5));
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));
        await monitor.PollOnceAsync();

        // Exported late: it started 4 s ago, before the checkpoint the first poll wrote, and lands only now.
        await SeedAsync(_backend, 2, 1, _clock.GetUtcNow().AddSeconds(-4));
        _clock.Advance(TimeSpan.FromSeconds(2));
        var late = await monitor.PollOnceAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        var again = await monitor.PollOnceAsync();

        late.FeedbackWritten.Should().Be(1);
        again.FeedbackWritten.Should().Be(0);
        await ShouldHaveExactlyOnceAsync(_backend, Expected([1, 2], ("answer_length", 1.0)));
    }

    [Test]
    public async Task PollOnceAsync_ScorerThatThrows_WritesErrorFeedback()
    {
        var failing = CodeScorer.Create("failing", _ => throw new InvalidOperationException("boom"));
        await (await failing.RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(_backend, 1, 2, _clock.GetUtcNow().AddSeconds(-10));
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", failing));

        var summary = await monitor.PollOnceAsync();

        summary.ScorerErrors.Should().Be(2);
        summary.FeedbackWritten.Should().Be(2);
        var feedback = (await _backend.Admin.ListAssessmentsAsync(MonitorBackend.TraceId(1))).OfType<Feedback>().Should().ContainSingle().Subject;
        feedback.Error!.ErrorCode.Should().Be(AssessmentError.ScorerErrorCode);
        feedback.Error.ErrorMessage.Should().Be("boom");
    }

    [Test]
    public async Task PollOnceAsync_StartedScorerWithoutImplementation_IsReportedOnce()
    {
        await (await Mentions().RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(_backend, 1, 2, _clock.GetUtcNow().AddSeconds(-10));
        var logs = new CapturingLoggerFactory();
        var options = Options(_backend, _clock, "replica-0");
        options.LoggerFactory = logs;
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, options);

        await monitor.PollOnceAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await monitor.PollOnceAsync();

        logs.Lines.Where(e => e.EventId == 1301).Should().ContainSingle()
            .Which.Message.Should().Contain("mentions_answer").And.Contain("cannot run in this process");
        (await _backend.MonitorFeedbackAsync()).Should().BeEmpty();
    }
}
