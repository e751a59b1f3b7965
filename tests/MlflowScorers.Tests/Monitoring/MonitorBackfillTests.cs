using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>Backfill over old traces through the monitor's selection and write path: progress to 100%, and a re-run writes nothing new.</summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class MonitorBackfillTests(string kind)
{
    private MonitorBackend _backend = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task Create()
    {
        _backend = await MonitorBackend.CreateAsync(kind);
        _clock = Clock();
        await (await Length().RegisterAsync(_backend.Admin)).StartAsync(_backend.Admin, new ScorerSamplingConfig(0.5));
        await Mentions().RegisterAsync(_backend.Admin);

        // Two days old: beyond the live monitor's one-hour look-back, within the default seven-day backfill window.
        await SeedAsync(_backend, 0, 60, _clock.GetUtcNow().AddDays(-2));
    }

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task BackfillAsync_ByName_UsesRegisteredRates_AndReRunWritesNothingNew()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));
        var progress = new List<BackfillProgress>();

        var first = await monitor.BackfillAsync(["answer_length"], progress: new SynchronousProgress(progress));
        var second = await monitor.BackfillAsync(["answer_length"]);

        var expected = Expected(Enumerable.Range(0, 60), ("answer_length", 0.5));
        first.Processed.Should().Be(60);
        first.FeedbackWritten.Should().Be(expected.Count);
        progress[^1].Should().Be(new BackfillProgress(60, 60));
        progress[^1].Fraction.Should().Be(1.0);
        second.Processed.Should().Be(60, "the count does not depend on a progress listener");
        second.FeedbackWritten.Should().Be(0);
        second.FeedbackAlreadyPresent.Should().Be(expected.Count);
        await ShouldHaveExactlyOnceAsync(_backend, expected);
    }

    [Test]
    public async Task BackfillAsync_WithConfigs_OverridesRates_EvenForAStoppedScorer()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length(), Mentions()));

        var result = await monitor.BackfillAsync(
            [new BackfillScorerConfig(Length(), 0.9), new BackfillScorerConfig(Mentions(), 0.3)],
            start: _clock.GetUtcNow().AddDays(-3),
            end: _clock.GetUtcNow());

        await ShouldHaveExactlyOnceAsync(_backend, Expected(Enumerable.Range(0, 60), ("answer_length", 0.9), ("mentions_answer", 0.3)));
        result.Start.Should().Be(_clock.GetUtcNow().AddDays(-3));
    }

    [Test]
    public async Task BackfillAsync_WindowOutsideTheTraces_FindsNothing()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));

        var result = await monitor.BackfillAsync(["answer_length"], start: _clock.GetUtcNow().AddHours(-1));

        result.Processed.Should().Be(0);
        (await _backend.MonitorFeedbackAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task BackfillAsync_UnknownName_ThrowsListingTheRegisteredScorers()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));

        var act = () => monitor.BackfillAsync(["no_such_scorer"]);

        await act.Should().ThrowAsync<MlflowException>().WithMessage("Scheduled scorer 'no_such_scorer' not found*'answer_length'*");
    }

    [Test]
    public async Task BackfillAsync_StartAfterEnd_ThrowsBeforeAnyIo()
    {
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, Options(_backend, _clock, "replica-0", Length()));

        var act = () => monitor.BackfillAsync(["answer_length"], start: _clock.GetUtcNow(), end: _clock.GetUtcNow().AddDays(-1));

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*after its end*");
    }
}
