using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Monitoring.Scoring;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>The per-scorer rate limit and token budget make runs wait for the window to move on, on the monitor's clock.</summary>
public sealed class ScoringLimiterTests
{
    [Test]
    public async Task AcquireAsync_OverRunsPerMinute_WaitsUntilTheMinuteMovesOn()
    {
        var clock = new FakeTimeProvider(MonitorTestKit.Epoch);
        using var limiter = new ScoringLimiter(4, 4, new Dictionary<string, ScorerLimits> { ["judge"] = new() { RunsPerMinute = 2 } }, clock);
        (await limiter.AcquireAsync("judge", default)).Dispose();
        (await limiter.AcquireAsync("judge", default)).Dispose();

        var third = limiter.AcquireAsync("judge", default).AsTask();
        third.IsCompleted.Should().BeFalse();
        (await limiter.AcquireAsync("other", default)).Dispose();
        clock.Advance(TimeSpan.FromSeconds(61));

        (await third).Dispose();
    }

    [Test]
    public async Task AcquireAsync_TokenBudgetSpent_WaitsForTheHour()
    {
        var clock = new FakeTimeProvider(MonitorTestKit.Epoch);
        using var limiter = new ScoringLimiter(4, 4, new Dictionary<string, ScorerLimits> { ["judge"] = new() { TokensPerHour = 1000 } }, clock);
        (await limiter.AcquireAsync("judge", default)).Dispose();
        limiter.SpendTokens("judge", 1200);

        var next = limiter.AcquireAsync("judge", default).AsTask();
        next.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMinutes(61));

        (await next).Dispose();
    }

    [Test]
    public async Task AcquireAsync_PerScorerConcurrency_HoldsTheNextRunUntilOneEnds()
    {
        using var limiter = new ScoringLimiter(8, 1, new Dictionary<string, ScorerLimits>(), TimeProvider.System);
        var first = await limiter.AcquireAsync("judge", default);

        var second = limiter.AcquireAsync("judge", default).AsTask();
        second.IsCompleted.Should().BeFalse();
        first.Dispose();

        (await second).Dispose();
    }
}
