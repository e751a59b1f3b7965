using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers.Evaluation;

namespace MlflowScorers.Tests.Evaluation;

public class FeedbackAggregatorTests
{
    private static readonly Aggregation[] s_all = [Aggregation.Min, Aggregation.Max, Aggregation.Mean, Aggregation.Median, Aggregation.Variance, Aggregation.P90];

    [Test]
    public void Compute_AllAggregations_MatchHandComputedValues()
    {
        var scorer = CodeScorer.Create("s", _ => null) with { Aggregations = s_all };

        var metrics = FeedbackAggregator.Compute([(scorer, Values("s", 3, 1, 4, 2))]);

        metrics.Should().Equal(new Dictionary<string, double>
        {
            ["s/min"] = 1,
            ["s/max"] = 4,
            ["s/mean"] = 2.5,
            ["s/median"] = 2.5,
            ["s/variance"] = 1.25,
            ["s/p90"] = 3.7,
        });
    }

    [Test]
    public void Compute_NoAggregationsGiven_UsesMean()
    {
        var metrics = FeedbackAggregator.Compute([(CodeScorer.Create("s", _ => null), Values("s", 1, 2))]);

        metrics.Should().Equal(new Dictionary<string, double> { ["s/mean"] = 1.5 });
    }

    [Test]
    public void Compute_BooleansYesNoAndNonNumeric_CountOnlyNumbers()
    {
        var feedback = new[]
        {
            new Feedback { Name = "j", Value = true },
            new Feedback { Name = "j", Value = "Yes" },
            new Feedback { Name = "j", Value = "no" },
            new Feedback { Name = "j", Value = 0.5 },
            new Feedback { Name = "j", Value = "maybe" },
            new Feedback { Name = "j", Value = JsonNode.Parse("""{"a": 1}""") },
            new Feedback { Name = "j", Error = new AssessmentError { ErrorCode = "SCORER_ERROR" } },
            new Feedback { Name = "j", Value = false },
        };
        var scorer = CodeScorer.Create("j", _ => null) with { Aggregations = [Aggregation.Mean, Aggregation.Min] };

        var metrics = FeedbackAggregator.Compute([(scorer, feedback)]);

        metrics.Should().Equal(new Dictionary<string, double> { ["j/mean"] = 2.5 / 5, ["j/min"] = 0 });
    }

    [Test]
    public void Compute_EmptyOrOnlyNonNumeric_GivesNoMetrics()
    {
        var scorer = CodeScorer.Create("s", _ => null) with { Aggregations = s_all };

        FeedbackAggregator.Compute([(scorer, [])]).Should().BeEmpty();
        FeedbackAggregator.Compute([(scorer, [new Feedback { Name = "s", Value = "text" }])]).Should().BeEmpty();
    }

    [Test]
    public void Compute_ScorerWithSeveralFeedbackNames_AggregatesEachName()
    {
        var feedback = Values("retrieval_relevance/precision", 0.5, 1).Concat(
            [new Feedback { Name = "retrieval_relevance", Value = "yes" }, new Feedback { Name = "retrieval_relevance", Value = "no" }, new Feedback { Name = "retrieval_relevance", Value = "yes" }]);

        var metrics = FeedbackAggregator.Compute([(new RetrievalRelevance(), feedback)]);

        metrics["retrieval_relevance/precision/mean"].Should().Be(0.75);
        metrics["retrieval_relevance/mean"].Should().BeApproximately(2.0 / 3, 1e-12);
    }

    [Test]
    public void Compute_CustomAggregation_UsesItsName()
    {
        var scorer = CodeScorer.Create("s", _ => null) with { Aggregations = [Aggregation.Custom("sum", v => v.Sum())] };

        FeedbackAggregator.Compute([(scorer, Values("s", 1, 2, 4))]).Should().Equal(new Dictionary<string, double> { ["s/sum"] = 7 });
    }

    private static IEnumerable<Feedback> Values(string name, params double[] values) =>
        values.Select(v => new Feedback { Name = name, Value = v });
}
