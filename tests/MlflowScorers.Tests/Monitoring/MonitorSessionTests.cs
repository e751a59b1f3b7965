using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Tests.Tracing;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// Session-level judges score a session once it has had no new trace for the session buffer, with the feedback on its first
/// trace, and never twice; the judge's token usage is kept in the feedback and counted.
/// </summary>
[TestFixtureSource(typeof(MonitorBackend), nameof(MonitorBackend.Kinds))]
public sealed class MonitorSessionTests(string kind)
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
    public async Task PollOnceAsync_CompletedSession_IsScoredOnceOnItsFirstTrace()
    {
        var admin = _backend.NewClient();
        await (await new UserFrustration { Host = ScorerHost.DotNet, Model = "openai:/judge" }.RegisterAsync(admin))
            .StartAsync(admin, new ScorerSamplingConfig(1.0));
        var now = _clock.GetUtcNow();
        await _backend.AddTracesAsync(
        [
            new TraceSeed(1, now.AddMinutes(-3)) { Session = "s-1" },
            new TraceSeed(2, now.AddMinutes(-2)) { Session = "s-1" },
            new TraceSeed(3, now.AddSeconds(-30)) { Session = "s-2" },
        ]);
        var reply = new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"rationale\": \"calm\", \"result\": \"none\"}"))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 7 },
        };
        var options = Options(_backend, _clock, "replica-0");
        options.SessionCompletionBuffer = TimeSpan.FromMinutes(1);
        options.JudgeRuntime = new JudgeRuntime(new JudgeRuntimeOptions { ChatClient = new FakeChatClient(reply) });
        await using var monitor = Monitor(_backend.NewMonitorBackend(), _backend.ExperimentId, options);

        var first = await monitor.PollOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        var second = await monitor.PollOnceAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        var third = await monitor.PollOnceAsync();

        first.FeedbackWritten.Should().Be(1, "s-1 is complete; s-2 had a trace 30 s ago");
        first.JudgeTokens.Should().Be(107);
        second.FeedbackWritten.Should().Be(1, "s-2 is complete now");
        third.FeedbackWritten.Should().Be(0);
        var feedback = (await admin.ListAssessmentsAsync(MonitorBackend.TraceId(1))).OfType<Feedback>().Should().ContainSingle().Subject;
        feedback.Name.Should().Be("user_frustration");
        feedback.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
        feedback.Metadata.Should().Contain(MonitorMetadataKeys.IdempotencyKey, "s-1:user_frustration:1")
            .And.Contain(JudgeMetadataKeys.InputTokens, "100");
        (await admin.ListAssessmentsAsync(MonitorBackend.TraceId(2))).Should().BeEmpty();
        (await admin.ListAssessmentsAsync(MonitorBackend.TraceId(3))).OfType<Feedback>().Should().ContainSingle();
    }
}
