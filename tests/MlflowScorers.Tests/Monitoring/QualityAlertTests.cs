using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Tests.Support;
using static MlflowScorers.Tests.Monitoring.MonitorTestKit;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>A pass-rate rule over the scorer's recent results raises the app's callback and a log warning, once per change.</summary>
public sealed class QualityAlertTests
{
    [Test]
    public async Task PollOnceAsync_PassRateBelowThreshold_RaisesTheCallbackOnce()
    {
        await using var backend = await MonitorBackend.CreateAsync("local");
        var clock = Clock();
        var admin = backend.NewClient();
        await (await Mentions().RegisterAsync(admin)).StartAsync(admin, new ScorerSamplingConfig(1.0));
        await SeedAsync(backend, 0, 20, clock.GetUtcNow().AddSeconds(-30));
        var alerts = new List<QualityAlert>();
        var logs = new CapturingLoggerFactory();
        var failing = CodeScorer.FromOutputs("mentions_answer", _ => false);
        var options = Options(backend, clock, "replica-0", failing);
        options.LoggerFactory = logs;
        options.Alerts.Add(new QualityAlertRule { Name = "mentions", ScorerName = "mentions_answer", Condition = QualityAlertCondition.PassRateBelow, Threshold = 0.9 });
        options.OnAlert = (alert, _) =>
        {
            alerts.Add(alert);
            return ValueTask.CompletedTask;
        };
        await using var monitor = Monitor(backend.NewMonitorBackend(), backend.ExperimentId, options);

        await monitor.PollOnceAsync();
        await SeedAsync(backend, 100, 5, clock.GetUtcNow().AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(5));
        await monitor.PollOnceAsync();

        var alert = alerts.Should().ContainSingle().Subject;
        alert.IsFiring.Should().BeTrue();
        alert.Observed.Should().Be(0.0);
        alert.Count.Should().BeGreaterThanOrEqualTo(10);
        logs.Lines.Where(e => e.EventId == 1305).Should().ContainSingle();
    }
}
