using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// Backfill of a server-run judge through MLflow 3.11's scorer job route, behind the same <see cref="ScorerMonitor.BackfillAsync(IEnumerable{BackfillScorerConfig}, DateTimeOffset?, DateTimeOffset?, string?, IProgress{BackfillProgress}?, System.Threading.CancellationToken)"/>:
/// the monitor's selection picks the traces, the server writes the feedback, a re-run writes nothing new; 3.6 refuses by version.
/// </summary>
public sealed class MonitorServerBackfillTests
{
    [Test]
    public async Task BackfillAsync_ServerJudgeOnMlflow311_RunsOneServerJobOverTheSampledTraces_AndReRunWritesNothingNew()
    {
        await using var backend = await MonitorBackend.CreateAsync("mlflow-3.11");
        var clock = Clock();
        var judge = await backend.Admin.RegisterAsync(new Safety { Model = "gateway:/fake-judge" });
        await SeedAsync(backend, 0, 40, clock.GetUtcNow().AddDays(-2));
        await SeedAsync(backend, 40, 5, clock.GetUtcNow().AddDays(-9)); // Outside the default seven-day window.
        await using var monitor = new ScorerMonitor(backend.NewClient(), Options(backend, clock, "replica-0"));
        var progress = new List<BackfillProgress>();

        var first = await monitor.BackfillAsync([new BackfillScorerConfig(judge, 0.5)], progress: new SynchronousProgress(progress));
        var second = await monitor.BackfillAsync([new BackfillScorerConfig(judge, 0.5)]);

        var expected = Enumerable.Range(0, 40).Select(MonitorBackend.TraceId)
            .Where(id => ScorerSampling.Select(id, [KeyValuePair.Create(judge.Name, 0.5)]).Count == 1)
            .ToHashSet();
        expected.Should().NotBeEmpty().And.HaveCountLessThan(40);
        first.Processed.Should().Be(40);
        first.Sampled.Should().Be(expected.Count);
        first.FeedbackWritten.Should().Be(expected.Count);
        first.ServerJobIds.Should().ContainSingle();
        first.ServerFailures.Should().BeEmpty();
        progress[^1].Should().Be(new BackfillProgress(40, 40));
        second.FeedbackWritten.Should().Be(0);
        second.FeedbackAlreadyPresent.Should().Be(expected.Count);
        second.ServerJobIds.Should().BeEmpty();

        var judged = (await backend.TracesAsync())
            .SelectMany(t => t.Info.Assessments.OfType<Feedback>().Where(f => f.Name == judge.Name).Select(f => (t.TraceId, f.Source.SourceType)))
            .ToList();
        judged.Select(j => j.TraceId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected);
        judged.Should().OnlyContain(j => j.SourceType == AssessmentSourceType.LlmJudge);
        var invoke = backend.Server!.Requests.Where(r => r.PathAndQuery.Contains("scorer/invoke", StringComparison.Ordinal)).Should().ContainSingle().Subject;
        invoke.Body.Should().Contain("\"log_assessments\":true");
    }

    [Test]
    public async Task BackfillAsync_ServerJudgeOnMlflow36_ThrowsNotSupportedNamingTheVersion_BeforeReadingTraces()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow36);
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = server.Url, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
        var experimentId = await client.CreateExperimentAsync("backfill-36");
        var judge = await client.RegisterAsync(new Safety { Model = "gateway:/fake-judge" }, experimentId: experimentId);
        var options = new ScorerMonitorOptions { TimeProvider = Clock() };
        options.ExperimentIds.Add(experimentId);
        await using var monitor = new ScorerMonitor(client, options);

        var act = () => monitor.BackfillAsync([judge.Name]);

        var thrown = (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>()).Which;
        thrown.Message.Should().Contain("3.6.1").And.Contain("3.11").And.Contain(judge.Name);
        server.Requests.Should().NotContain(r => r.PathAndQuery.Contains("traces/search", StringComparison.Ordinal)
            || r.PathAndQuery.Contains("scorer/invoke", StringComparison.Ordinal));
    }
}
