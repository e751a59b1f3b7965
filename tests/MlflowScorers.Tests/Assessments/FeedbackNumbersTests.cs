using System;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Assessments;
using MlflowScorers.Evaluation;
using MlflowScorers.Results;

namespace MlflowScorers.Tests.Assessments;

/// <summary>The aggregator and the quality trend turn feedback values into numbers by the same rule, MLflow's.</summary>
public sealed class FeedbackNumbersTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static readonly object[] s_cases =
    [
        new object?[] { JsonValue.Create(true), 1.0 },
        new object?[] { JsonValue.Create(false), 0.0 },
        new object?[] { JsonValue.Create(3), 3.0 },
        new object?[] { JsonValue.Create(0.25m), 0.25 },
        new object?[] { JsonValue.Create("YES"), 1.0 },
        new object?[] { JsonValue.Create("no"), 0.0 },
        new object?[] { JsonValue.Create("0.5"), null },
        new object?[] { JsonValue.Create(" yes"), null },
        new object?[] { JsonValue.Create("maybe"), null },
        new object?[] { JsonNode.Parse("""{"a": 1}"""), null },
        new object?[] { null, null },
    ];

    [TestCaseSource(nameof(s_cases))]
    public void ToNumber_FollowsMlflowsAggregationRule(JsonNode? value, double? expected) =>
        FeedbackNumbers.ToNumber(value).Should().Be(expected);

    [Test]
    public void NumericText_IsNoNumber_ForTheAggregatorAndTheTrendAlike()
    {
        var scorer = CodeScorer.Create("s", _ => null);
        var feedback = new[] { Fb("s", "0.5"), Fb("s", 2) };

        var metrics = FeedbackAggregator.Compute([(scorer, feedback)]);
        var trend = QualityTrendCalculator.Compute([TraceWith(feedback)], new QualityTrendRequest { Start = s_start, End = s_start.AddHours(1) });

        metrics["s/mean"].Should().Be(2);
        trend.Should().ContainSingle().Which.NumericCount.Should().Be(1);
        trend[0].Mean.Should().Be(2);
        trend[0].Count.Should().Be(2);
    }

    [Test]
    public void Verdicts_AreOnesAndZeros_ForTheAggregator_AndPassFail_ForTheTrend()
    {
        var scorer = CodeScorer.Create("j", _ => null);
        var feedback = new[] { Fb("j", "Yes"), Fb("j", false), Fb("j", "no"), Fb("j", true) };

        var metrics = FeedbackAggregator.Compute([(scorer, feedback)]);
        var trend = QualityTrendCalculator.Compute([TraceWith(feedback)], new QualityTrendRequest { Start = s_start, End = s_start.AddHours(1) });

        metrics["j/mean"].Should().Be(0.5);
        trend.Single().PassRate.Should().Be(metrics["j/mean"]);
        trend[0].PassFailCount.Should().Be(4);
        trend[0].NumericCount.Should().Be(0);
    }

    private static Feedback Fb(string name, JsonNode value) => new() { Name = name, Value = value };

    private static Trace TraceWith(Feedback[] feedback) => new()
    {
        Info = new TraceInfo { TraceId = "tr-" + Guid.NewGuid().ToString("N"), RequestTime = s_start.AddMinutes(5), Assessments = feedback },
    };
}
