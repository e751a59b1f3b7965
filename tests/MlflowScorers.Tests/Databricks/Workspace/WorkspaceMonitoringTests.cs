using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Workspace;

/// <summary>
/// The .NET monitor, the quality trend and the backfill of .NET-hosted scorers on a Databricks workspace (the fake workspace,
/// client built for the tracking URI <c>databricks</c> with an explicit host and personal access token): a registered and
/// started code scorer scores every trace exactly once, the trend reads that feedback, a backfill scores older traces here
/// (no managed-evals job), and every call carries the workspace's token.
/// </summary>
[NonParallelizable]
public sealed class WorkspaceMonitoringTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task Monitor_ScoresEveryTraceExactlyOnce_WithTheRegisteredCodeScorers_AndTheTrendReadsTheFeedback()
    {
        await using var test = await WorkspaceClient.CreateAsync(_server);
        var length = Length();
        var mentions = CodeScorer.FromOutputs("mentions_five", o => o?.GetValue<string>().Contains('5', StringComparison.Ordinal) ?? false);
        await (await length.RegisterAsync(test.Client)).StartAsync(test.Client, new ScorerSamplingConfig(1.0));
        await (await mentions.RegisterAsync(test.Client)).StartAsync(test.Client, new ScorerSamplingConfig(0.5));
        var traces = WorkspaceTraffic.Record(_server, test.ExperimentId, s_now.AddMinutes(-10), 12, "live");
        await using var monitor = new ScorerMonitor(test.Client, Options(test, length, mentions));

        var first = await monitor.PollOnceAsync();
        var second = await monitor.PollOnceAsync();

        var sampled = traces.Select(id => ScorerSampling.Select(id, [KeyValuePair.Create("mentions_five", 0.5)]).Count).Sum();
        first.TracesSeen.Should().Be(12);
        first.FeedbackWritten.Should().Be(12 + sampled);
        second.FeedbackWritten.Should().Be(0);
        var feedback = await FeedbackAsync(test);
        feedback.Where(f => f.Name == "answer_length").Select(f => f.TraceId).Should().BeEquivalentTo(traces, "each trace gets its length exactly once");
        feedback.Where(f => f.Name == "mentions_five").Select(f => f.TraceId).Should().OnlyHaveUniqueItems().And.HaveCount(sampled);
        feedback.Should().OnlyContain(f => f.Source.SourceType == AssessmentSourceType.Code && f.Metadata!.ContainsKey(MonitorMetadataKeys.IdempotencyKey));
        feedback.Single(f => f.Name == "answer_length" && f.TraceId == traces[3]).Value!.GetValue<int>().Should().Be("live answer 3".Length);

        var trend = await test.Client.GetQualityTrendAsync(new QualityTrendRequest { Start = s_now.AddHours(-1), End = s_now });

        var lengths = trend.Should().ContainSingle(p => p.ScorerName == "answer_length").Subject;
        lengths.Count.Should().Be(12);
        lengths.Mean.Should().BeApproximately(traces.Select((_, i) => (double)$"live answer {i}".Length).Average(), 1e-9);
        trend.Single(p => p.ScorerName == "mentions_five").Count.Should().Be(sampled);
        WorkspaceTraffic.ShouldAllCarryThePersonalAccessToken(_server)
            .Should().Contain(r => r.PathAndQuery.Contains("/traces/search", StringComparison.Ordinal))
            .And.Contain(r => r.PathAndQuery.Contains("/assessments", StringComparison.Ordinal));
    }

    [Test]
    public async Task Backfill_OfADotNetHostedScorer_ScoresOlderTracesHere_ReRunWritesNothingNew_AndStartsNoManagedEvalsJob()
    {
        await using var test = await WorkspaceClient.CreateAsync(_server);
        var length = Length();
        await (await length.RegisterAsync(test.Client)).StartAsync(test.Client, new ScorerSamplingConfig(1.0));
        var old = WorkspaceTraffic.Record(_server, test.ExperimentId, s_now.AddDays(-2), 8, "old");
        var tooOld = WorkspaceTraffic.Record(_server, test.ExperimentId, s_now.AddDays(-9), 3, "older");
        await using var monitor = new ScorerMonitor(test.Client, Options(test, length));

        var first = await monitor.BackfillAsync(["answer_length"]);
        var second = await monitor.BackfillAsync(["answer_length"]);

        first.FeedbackWritten.Should().Be(8);
        first.ServerJobIds.Should().BeEmpty();
        second.FeedbackWritten.Should().Be(0);
        second.FeedbackAlreadyPresent.Should().Be(8);
        (await FeedbackAsync(test)).Select(f => f.TraceId).Should().BeEquivalentTo(old, "the default window is the last seven days");
        tooOld.Should().HaveCount(3);
        _server.Requests.Should().NotContain(r => r.Path.EndsWith("/backfill", StringComparison.Ordinal) || r.Path.EndsWith("/monitors", StringComparison.Ordinal));
        WorkspaceTraffic.ShouldAllCarryThePersonalAccessToken(_server);
    }

    private static CodeScorer Length() =>
        CodeScorer.FromOutputs("answer_length", o => o?.GetValue<string>().Length ?? 0) with { Implementation = "Tests.Workspace.AnswerLength" };

    private static ScorerMonitorOptions Options(WorkspaceClient test, params Scorer[] scorers)
    {
        var options = new ScorerMonitorOptions
        {
            TimeProvider = new FakeTimeProvider(s_now),
            InstanceId = "workspace-replica",
            LeaseSettleDelay = TimeSpan.Zero,
            CompletionBuffer = TimeSpan.FromSeconds(1),
            WriteRetryDelay = TimeSpan.Zero,
        };
        options.ExperimentIds.Add(test.ExperimentId);
        foreach (var scorer in scorers)
        {
            options.Scorers.Add(scorer);
        }

        return options;
    }

    private static async Task<List<Feedback>> FeedbackAsync(WorkspaceClient test) =>
        (await test.Client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [test.ExperimentId], IncludeSpans = false, PageSize = 500 }).ToListAsync())
        .SelectMany(t => t.Info.Assessments.OfType<Feedback>())
        .ToList();
}
