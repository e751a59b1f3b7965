using System;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Results;

namespace MlflowScorers.Tests.Results;

public sealed class QualityTrendCalculatorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Compute_MixedValues_CountsPassRateAndStatisticsPerScorerAndHour()
    {
        var traces = new[]
        {
            TraceAt(s_start.AddMinutes(5), Fb("safety", "yes"), Fb("length", 10)),
            TraceAt(s_start.AddMinutes(50), Fb("safety", "no"), Fb("length", 20)),
            TraceAt(s_start.AddMinutes(55), Fb("safety", true), Fb("length", 30), Err("length")),
            TraceAt(s_start.AddMinutes(70), Fb("safety", "YES")),
        };

        var points = QualityTrendCalculator.Compute(traces, Request());

        points.Select(p => (p.ScorerName, p.BucketStart.Hour)).Should().Equal(("length", 10), ("safety", 10), ("safety", 11));
        var length = points[0];
        length.Count.Should().Be(4);
        length.ErrorCount.Should().Be(1);
        length.NumericCount.Should().Be(3);
        length.Mean.Should().Be(20);
        length.Min.Should().Be(10);
        length.Max.Should().Be(30);
        length.P90.Should().BeApproximately(28, 1e-12);
        length.PassRate.Should().BeNull();
        var safety10 = points[1];
        safety10.PassFailCount.Should().Be(3);
        safety10.PassRate.Should().BeApproximately(2.0 / 3.0, 1e-12);
        safety10.Mean.Should().BeNull();
        points[2].PassRate.Should().Be(1.0);
    }

    [Test]
    public void Compute_InvalidOrOutOfRangeOrUnwanted_AreLeftOut()
    {
        var traces = new[]
        {
            TraceAt(s_start.AddMinutes(1), Fb("safety", "yes") with { Valid = false }, Fb("other", "yes")),
            TraceAt(s_start.AddHours(-1), Fb("safety", "no")),
            TraceAt(s_start.AddDays(1), Fb("safety", "no")),
        };

        var points = QualityTrendCalculator.Compute(traces, Request() with { ScorerNames = ["safety"] });

        points.Should().BeEmpty();
    }

    [Test]
    public void Compute_DayBuckets_AlignToUtcMidnight()
    {
        var local = new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.FromHours(-5));
        var traces = new[] { TraceAt(local, Fb("safety", "yes")) };

        var points = QualityTrendCalculator.Compute(traces, Request() with { Start = local.AddHours(-1), End = local.AddHours(1), Bucket = TrendBucket.Day });

        points.Should().ContainSingle().Which.BucketStart.Should().Be(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public void Compute_NonNumericText_CountsButHasNoStatistics()
    {
        // Numeric text is no number, as in MLflow's aggregation (and the evaluation aggregator): only a JSON number is.
        var traces = new[] { TraceAt(s_start, Fb("tone", "formal"), Fb("tone", "2.5")) };

        var point = QualityTrendCalculator.Compute(traces, Request()).Single();

        point.Count.Should().Be(2);
        point.NumericCount.Should().Be(0);
        point.Mean.Should().BeNull();
        point.PassFailCount.Should().Be(0);
    }

    private static QualityTrendRequest Request() => new() { Start = s_start, End = s_start.AddHours(3) };

    private static Trace TraceAt(DateTimeOffset time, params Feedback[] feedback) => new()
    {
        Info = new TraceInfo { TraceId = "tr-" + Guid.NewGuid().ToString("N"), RequestTime = time, Assessments = feedback },
    };

    private static Feedback Fb(string name, JsonNode value) => new() { Name = name, Value = value };

    private static Feedback Err(string name) => new() { Name = name, Error = new AssessmentError { ErrorCode = "SCORER_ERROR" } };
}
