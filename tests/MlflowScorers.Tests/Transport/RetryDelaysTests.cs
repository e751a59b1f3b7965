using System;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

public sealed class RetryDelaysTests
{
    [TestCase(0, 0.0, 500)]
    [TestCase(0, 0.999, 999)]
    [TestCase(1, 0.0, 1000)]
    [TestCase(3, 0.5, 6000)]
    [TestCase(10, 0.0, 15000)]
    [TestCase(10, 1.0, 30000)]
    [TestCase(1000, 0.5, 22500)]
    public void Backoff_DoublesPerRetryWithinHalfToFullAndCapsAtMaxDelay(int retry, double random, double expectedMs)
    {
        var delay = RetryDelays.Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), retry, random);

        delay.TotalMilliseconds.Should().BeApproximately(expectedMs, 1);
    }

    [Test]
    public void Backoff_ZeroBaseDelay_IsZero() =>
        RetryDelays.Backoff(TimeSpan.Zero, TimeSpan.FromSeconds(30), 4, 0.7).Should().Be(TimeSpan.Zero);
}
