using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Tests.Traces;
using MlflowScorers.Traces;

namespace MlflowScorers.Tests.Evaluation;

public class EvaluationHarnessTests
{
    private static readonly ScorerContext[] s_dataset =
    [
        Row("What is Databricks?", "Databricks is a data platform."),
        Row("How do I log a model?", "Call log_model."),
        Row("What is Delta Lake?", "Delta Lake is a storage layer from Databricks."),
    ];

    [Test]
    public async Task EvaluateAsync_SeedGuideScorers_GivesRowsAndAggregates()
    {
        var harness = new EvaluationHarness(new ScorerRunner());

        var result = await harness.EvaluateAsync(
            s_dataset, [SeedGuideScorers.MentionsDatabricks, SeedGuideScorers.ResponseLength, SeedGuideScorers.ResponseRelevanceScore]);

        result.Rows.Select(r => r.Index).Should().Equal(0, 1, 2);
        result.Rows[1].Feedback.Select(f => f.Name).Should().Equal("mentions_databricks", "response_length", "response_relevance_score");
        result.Rows[1].Feedback[1].Value!.GetValue<long>().Should().Be(15);
        result.Metrics.Should().Equal(new Dictionary<string, double>
        {
            ["mentions_databricks/mean"] = 2.0 / 3,
            ["response_length/mean"] = (30 + 15 + 46) / 3.0,
            ["response_length/min"] = 15,
            ["response_length/max"] = 46,
            ["response_relevance_score/mean"] = ((1.0 / 3) + (0.0 / 6) + (2.0 / 4)) / 3, // "databricks?" keeps its "?", as Python's split does
        });
    }

    [Test]
    public async Task EvaluateAsync_FailingScorer_IsReportedPerRowAndLeftOutOfMetrics()
    {
        var flaky = CodeScorer.FromOutputs("flaky", o => o!["response"]!.ToString().Length > 20 ? throw new InvalidOperationException("too long") : 1);

        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(s_dataset, [flaky]);

        result.Rows.Select(r => r.Feedback.Single().Error?.ErrorCode).Should().Equal("SCORER_ERROR", null, "SCORER_ERROR");
        result.Metrics.Should().Equal(new Dictionary<string, double> { ["flaky/mean"] = 1 });
    }

    [Test]
    public async Task EvaluateAsync_Progress_IsReportedForEveryRow()
    {
        var progress = new RecordingProgress();

        await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(
            s_dataset, [SeedGuideScorers.ResponseLength], new EvaluationOptions { Progress = progress, MaxDegreeOfParallelism = 1 });

        progress.Reports.Should().Equal(new EvaluationProgress(1, 3), new EvaluationProgress(2, 3), new EvaluationProgress(3, 3));
    }

    [Test]
    public async Task EvaluateAsync_Parallelism_NeverExceedsTheLimit()
    {
        var current = 0;
        var peak = 0;
        var release = new TaskCompletionSource();
        var entered = 0;
        var scorer = CodeScorer.Create("gate", async (_, token) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            if (Interlocked.Increment(ref entered) == 2)
            {
                release.SetResult();
            }

            await release.Task.WaitAsync(token);
            Interlocked.Decrement(ref current);
            return 1;
        });
        var rows = Enumerable.Range(0, 10).Select(i => Row($"q{i}", $"a{i}")).ToArray();

        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(rows, [scorer], new EvaluationOptions { MaxDegreeOfParallelism = 2 });

        peak.Should().Be(2);
        result.Rows.Should().HaveCount(10).And.OnlyContain(r => r.Feedback.Single().Error == null);
    }

    [Test]
    public async Task EvaluateAsync_Cancelled_Throws()
    {
        using var source = new CancellationTokenSource();
        var scorer = CodeScorer.Create("cancel", async (_, token) =>
        {
            await source.CancelAsync();
            token.ThrowIfCancellationRequested();
            return 1;
        });

        var act = () => new EvaluationHarness(new ScorerRunner()).EvaluateAsync(s_dataset, [scorer], cancellationToken: source.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task EvaluateAsync_Traces_ScoresRootSpanFieldsAndTagsFeedbackWithTraceIds()
    {
        var traces = new[] { TraceFixtures.Trace311() }.Concat(TraceJsonParser.ParseBatchGetResponse(TraceFixtures.BatchGetResponse36())).ToArray();
        var question = CodeScorer.FromInputsAndOutputs("echoes_question", (i, o) => o!.ToString().Contains(i!["question"]!.ToString(), StringComparison.Ordinal));

        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(traces, [question]);

        result.Rows.Select(r => r.Feedback.Single().TraceId).Should().Equal(traces.Select(t => t.TraceId));
        result.Rows.Select(r => r.Feedback.Single().SpanId).Should().Equal(traces.Select(t => t.RootSpan!.SpanId));
        result.Rows[0].Feedback.Single().Value!.GetValue<bool>().Should().BeTrue();
        result.Metrics.Should().ContainKey("echoes_question/mean");
    }

    [Test]
    public async Task EvaluateAsync_NoRows_GivesNoRowsAndNoMetrics()
    {
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(Array.Empty<ScorerContext>(), [SeedGuideScorers.ResponseLength]);

        result.Rows.Should().BeEmpty();
        result.Metrics.Should().BeEmpty();
    }

    [Test]
    public void EvaluationOptions_ParallelismBelowOne_IsRejected()
    {
        var act = () => new EvaluationOptions { MaxDegreeOfParallelism = 0 };

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static ScorerContext Row(string query, string response) => new()
    {
        Inputs = new JsonObject { ["query"] = query },
        Outputs = new JsonObject { ["response"] = response },
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class RecordingProgress : IProgress<EvaluationProgress>
    {
        private readonly ConcurrentQueue<EvaluationProgress> _reports = new();

        public IReadOnlyList<EvaluationProgress> Reports => _reports.ToArray();

        public void Report(EvaluationProgress value) => _reports.Enqueue(value);
    }
}
