using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Evaluation;

public class EvaluationComparisonTests
{
    private static readonly ScorerContext[] s_rows =
    [
        new() { Inputs = "q1", Outputs = "Databricks is fast" },
        new() { Inputs = "q2", Outputs = "It is fast" },
        new() { Inputs = "q3", Outputs = "Databricks SQL" },
    ];

    [Test]
    public async Task Compare_TwoEvaluations_GivesEachMetricTheDifferenceAndTheChangedRows()
    {
        var harness = new EvaluationHarness(new ScorerRunner());
        var mentions = CodeScorer.FromOutputs("mentions", o => o!.GetValue<string>().Contains("Databricks", StringComparison.Ordinal));
        var baseline = await harness.EvaluateAsync(s_rows, [mentions]);
        var improved = s_rows.Select(r => r with { Outputs = "Databricks: " + r.Outputs!.GetValue<string>() }).ToArray();
        var candidate = await harness.EvaluateAsync(improved, [mentions, CodeScorer.Create("extra", _ => 1)]);

        var comparison = EvaluationComparison.Compare(baseline, candidate);

        var mean = comparison.Metrics.Single(m => m.Name == "mentions/mean");
        mean.Baseline.Should().BeApproximately(2.0 / 3, 1e-9);
        mean.Candidate.Should().Be(1.0);
        mean.Difference.Should().BeApproximately(1.0 / 3, 1e-9);
        var extra = comparison.Metrics.Single(m => m.Name == "extra/mean");
        extra.Baseline.Should().BeNull();
        extra.Difference.Should().BeNull();
        comparison.ChangedVerdicts.Select(c => (c.Index, c.Name)).Should().Equal((0, "extra"), (1, "mentions"), (1, "extra"), (2, "extra"));
        var flipped = comparison.ChangedVerdicts.Single(c => c.Name == "mentions");
        flipped.Baseline!.Value!.GetValue<bool>().Should().BeFalse();
        flipped.Candidate!.Value!.GetValue<bool>().Should().BeTrue();
        flipped.Context.Inputs!.GetValue<string>().Should().Be("q2");
    }

    [Test]
    public async Task Compare_ErrorBecomesValue_IsAChange()
    {
        var harness = new EvaluationHarness(new ScorerRunner());
        var broken = await harness.EvaluateAsync([s_rows[0]], [CodeScorer.Create("s", _ => throw new InvalidOperationException("x"))]);
        var fixedOne = await harness.EvaluateAsync([s_rows[0]], [CodeScorer.Create("s", _ => JsonValue.Create(1))]);

        EvaluationComparison.Compare(broken, fixedOne).ChangedVerdicts.Should().ContainSingle().Which.Baseline!.Error.Should().NotBeNull();
        EvaluationComparison.Compare(fixedOne, fixedOne).ChangedVerdicts.Should().BeEmpty();
    }

    [Test]
    public async Task Compare_DifferentRowCounts_IsRefused()
    {
        var harness = new EvaluationHarness(new ScorerRunner());
        var one = await harness.EvaluateAsync([s_rows[0]], [CodeScorer.Create("s", _ => 1)]);
        var two = await harness.EvaluateAsync(s_rows[..2], [CodeScorer.Create("s", _ => 1)]);

        var act = () => EvaluationComparison.Compare(one, two);

        act.Should().Throw<ArgumentException>().WithMessage("The candidate has 2 rows and the baseline 1*");
    }
}
