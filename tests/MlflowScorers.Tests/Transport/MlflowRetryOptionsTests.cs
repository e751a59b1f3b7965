using System;
using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

/// <summary>Retry options validate and freeze; Retry-After values are read and capped.</summary>
public sealed class MlflowRetryOptionsTests
{
    [Test]
    public void Freeze_ReturnsCopyThatRejectsChanges()
    {
        var options = new MlflowRetryOptions { MaxRetries = 2 };

        var frozen = options.Freeze();
        options.MaxRetries = 3;

        frozen.MaxRetries.Should().Be(2);
        var act = () => frozen.MaxRetries = 4;
        act.Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void Freeze_InvalidValues_Throw()
    {
        new Action(() => new MlflowRetryOptions { MaxRetries = -1 }.Freeze()).Should().Throw<ArgumentOutOfRangeException>();
        new Action(() => new MlflowRetryOptions { BaseDelay = TimeSpan.FromMinutes(1) }.Freeze()).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("MaxDelay");
        new Action(() => new MlflowRetryOptions { AttemptTimeout = TimeSpan.FromMinutes(10) }.Freeze()).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("TotalTimeout");
        new Action(() => new MlflowRetryOptions { AttemptTimeout = TimeSpan.Zero }.Freeze()).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void RetryAfter_HttpDate_MeasuredFromTheClockAndCapped()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(20));

        TransientFailures.RetryAfter(response, time, TimeSpan.FromMinutes(1)).Should().Be(TimeSpan.FromSeconds(20));
        TransientFailures.RetryAfter(response, time, TimeSpan.FromSeconds(5)).Should().Be(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromMinutes(1));
        TransientFailures.RetryAfter(response, time, TimeSpan.FromMinutes(1)).Should().Be(TimeSpan.Zero);
    }

    [Test]
    public void RetryAfter_Absent_Null()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);

        TransientFailures.RetryAfter(response, TimeProvider.System, TimeSpan.FromMinutes(1)).Should().BeNull();
    }
}
