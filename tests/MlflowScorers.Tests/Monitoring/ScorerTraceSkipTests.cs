using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// The monitor never scores a scorer's own trace (tag <c>mlflow.trace.sourceScorer</c>), on the local store and on a fake
/// MLflow server: scoring it would record another scorer trace, and so on.
/// </summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class ScorerTraceSkipTests(string kind)
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
    public async Task PollOnceAsync_ScorerTraceInTheWindow_IsNeitherSeenNorScored()
    {
        await (await Length().RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(1.0));
        await _backend.AddTracesAsync(
        [
            new TraceSeed(7, _clock.GetUtcNow().AddSeconds(-10)),
            new TraceSeed(8, _clock.GetUtcNow().AddSeconds(-9)) { Tags = new Dictionary<string, string> { [ScorerTraces.SourceScorerTag] = "answer_length" } },
            new TraceSeed(9, _clock.GetUtcNow().AddSeconds(-8)) { Tags = new Dictionary<string, string> { ["env"] = "prod" } },
        ]);
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));

        var summary = await monitor.PollOnceAsync();

        summary.TracesSeen.Should().Be(2, "the scorer trace (8) is left out of the window");
        summary.FeedbackWritten.Should().Be(2);
        (await _backend.Admin.ListAssessmentsAsync(MonitorBackend.TraceId(8))).Should().BeEmpty();
        (await _backend.Admin.ListAssessmentsAsync(MonitorBackend.TraceId(9))).OfType<Feedback>().Should().ContainSingle();
    }
}
