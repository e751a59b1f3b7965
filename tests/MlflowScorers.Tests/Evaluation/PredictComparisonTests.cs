using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// Two evaluations of the application, compared from the store by run id: each run's metrics and their difference, and the
/// rows (paired by inputs, not position) whose verdict changed.
/// </summary>
[TestFixtureSource(typeof(PredictBackend), nameof(PredictBackend.Kinds))]
public sealed class PredictComparisonTests(string kind)
{
    private PredictBackend _backend = null!;

    private static CodeScorer Length { get; } = CodeScorer.FromOutputs("answer_length", outputs => outputs!.GetValue<string>().Length);

    private static CodeScorer Correct { get; } = CodeScorer.FromOutputsAndExpectations("correct", (outputs, expectations) =>
        outputs!.GetValue<string>() == expectations["expected"]!.GetValue<string>());

    private static ScorerContext[] Rows { get; } = [Row("q1", "right one"), Row("q2", "right two"), Row("q3", "right three")];

    [SetUp]
    public async Task Create() => _backend = await PredictBackend.CreateAsync(kind);

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task CompareEvaluationRunsAsync_TwoAppVersions_GivesMetricDifferencesAndTheRowsWhoseVerdictChanged()
    {
        var v1 = new Dictionary<string, string> { ["q1"] = "right one", ["q2"] = "wrong", ["q3"] = "right three" };
        var v2 = new Dictionary<string, string> { ["q1"] = "no", ["q2"] = "right two", ["q3"] = "right three" };
        var evaluator = _backend.Evaluator();
        var baseline = await evaluator.EvaluateAsync(Rows, inputs => v1[Question(inputs)], [Length, Correct]);
        var candidate = await evaluator.EvaluateAsync(Rows.Reverse().ToArray(), inputs => v2[Question(inputs)], [Length, Correct]);
        if (!await _backend.KeepsSpansAsync(baseline.Result.Rows[0].Context.TraceId!))
        {
            Assume.That(_backend.Kind, Is.Not.EqualTo("local"), "the local store keeps the spans");
            Assert.Ignore($"The fake {_backend.Kind} server does not give OTLP spans back yet, so its runs have no feedback to compare.");
        }

        var comparison = await _backend.Client.CompareEvaluationRunsAsync(baseline.RunId, candidate.RunId);

        comparison.Metrics.Select(m => (m.Name, m.Baseline, m.Candidate)).Should().Equal(
            ("answer_length/mean", (9 + 5 + 11) / 3.0, (2 + 9 + 11) / 3.0),
            ("correct/mean", 2 / 3.0, 2 / 3.0));
        comparison.Metrics[0].Difference.Should().BeApproximately(-1.0, 1e-9);
        comparison.Metrics[1].Difference.Should().Be(0);
        comparison.ChangedVerdicts.Select(c => (Question(c.Context.Inputs), c.Name, c.Baseline!.Value!.ToJsonString(), c.Candidate!.Value!.ToJsonString()))
            .Should().BeEquivalentTo(new[]
            {
                ("q1", "answer_length", "9", "2"),
                ("q1", "correct", "true", "false"),
                ("q2", "answer_length", "5", "9"),
                ("q2", "correct", "false", "true"),
            });
        comparison.ChangedVerdicts.Should().OnlyContain(c => c.Candidate!.Metadata![EvaluationRun.SourceRunIdMetadataKey] == candidate.RunId);
    }

    [Test]
    public async Task CompareEvaluationRunsAsync_RowOnlyInOneRun_CountsItsFeedbackAsChanged()
    {
        var evaluator = _backend.Evaluator();
        var baseline = await evaluator.EvaluateAsync(Rows.Take(2).ToArray(), [Correct]);
        var candidate = await evaluator.EvaluateAsync(Rows, [Correct]);
        if (!await _backend.KeepsSpansAsync(baseline.Result.Rows[0].Context.TraceId!))
        {
            Assume.That(_backend.Kind, Is.Not.EqualTo("local"), "the local store keeps the spans");
            Assert.Ignore($"The fake {_backend.Kind} server does not give OTLP spans back yet, so its runs have no feedback to compare.");
        }

        var comparison = await _backend.Client.CompareEvaluationRunsAsync(baseline.RunId, candidate.RunId);

        var change = comparison.ChangedVerdicts.Should().ContainSingle().Subject;
        Question(change.Context.Inputs).Should().Be("q3");
        change.Baseline.Should().BeNull();
        change.Candidate!.Value!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task CompareEvaluationRunsAsync_UnknownRun_FailsWithResourceDoesNotExist()
    {
        var run = await _backend.Evaluator().EvaluateAsync(Rows.Take(1).ToArray(), [Correct]);

        var act = () => _backend.Client.CompareEvaluationRunsAsync(run.RunId, "0123456789abcdef0123456789abcdef");

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task CompareEvaluationRunsAsync_QuoteInRunId_IsRefusedBeforeAnyCall()
    {
        var requestsBefore = _backend.Server?.Requests.Count;

        var act = () => _backend.Client.CompareEvaluationRunsAsync("abc", "x' OR '1'='1");

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("candidateRunId");
        _backend.Server?.Requests.Count.Should().Be(requestsBefore);
    }

    private static string Question(JsonNode? inputs) => inputs!["question"]!.GetValue<string>();

    private static ScorerContext Row(string question, string expected) => new()
    {
        Inputs = new JsonObject { ["question"] = question },
        Outputs = expected,
        Expectations = new Dictionary<string, JsonNode?> { ["expected"] = expected },
    };
}
