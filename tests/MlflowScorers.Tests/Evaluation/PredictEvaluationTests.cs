using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// Evaluating the application itself (<see cref="AppEvaluator"/>) on the local store and on fake MLflow 3.6 and 3.11 servers:
/// the run exists before the rows are traced, each row leaves a trace naming the run, the traces are scored and the feedback
/// is written on them. Where the fake server does not give spans back (its OTLP route keeps only each trace's info), the
/// tests assert what it keeps: the traces, their run link and state, and rows that say their trace could not be read.
/// </summary>
[TestFixtureSource(typeof(PredictBackend), nameof(PredictBackend.Kinds))]
public sealed class PredictEvaluationTests(string kind)
{
    private PredictBackend _backend = null!;

    private static CodeScorer Length { get; } = CodeScorer.FromOutputs("answer_length", outputs => outputs?["answer"]?.GetValue<string>().Length ?? -1);

    private static CodeScorer MatchesExpected { get; } = CodeScorer.Create("matches_expected", context =>
        context.Outputs?["answer"]?.GetValue<string>() == context.Expectations?["expected_answer"]?.GetValue<string>());

    private static ScorerContext[] Rows { get; } =
    [
        Row("What is MLflow?", "Answer: What is MLflow"),
        Row("What is a trace?", "A record of one request."),
        Row("Why score?", "Answer: Why score"),
    ];

    [SetUp]
    public async Task Create() => _backend = await PredictBackend.CreateAsync(kind);

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task EvaluateAsync_AppFunction_LeavesOneTracePerRowLinkedToTheRunWithFeedbackAndMetrics()
    {
        var run = await _backend.Evaluator().EvaluateAsync(Rows, App, [Length, MatchesExpected], new AppEvaluationOptions { RunName = "app-v1" });

        run.RunName.Should().Be("app-v1");
        run.ExperimentId.Should().Be(_backend.ExperimentId);
        var stored = await _backend.Client.RequireRunStore().GetRunAsync(run.RunId, default);
        stored.Status.Should().Be("FINISHED");
        var traces = await _backend.RunTracesAsync(run.RunId);
        traces.Should().HaveCount(3, "one trace per row, each naming the run in mlflow.sourceRun");
        traces.Should().OnlyContain(t => t.Info.Metadata[EvaluationRun.SourceRunMetadataKey] == run.RunId && t.Info.State == "OK");
        traces.Select(t => t.TraceId).Should().BeEquivalentTo(run.Result.Rows.Select(r => r.Context.TraceId));

        if (!await _backend.KeepsSpansAsync(traces[0].TraceId))
        {
            run.Result.Rows.Should().OnlyContain(r => r.Error!.ErrorCode == AppEvaluator.TraceNotFoundErrorCode && r.Feedback.Count == 0);
            run.Assessments.Should().BeEmpty();
            stored.Metrics.Should().BeEmpty();
            Assert.That(_backend.Kind, Is.Not.EqualTo("local"), "the local store keeps the spans");
            return;
        }

        run.Result.Rows.Should().OnlyContain(r => r.Error == null);
        stored.Metrics.Should().Equal(new Dictionary<string, double>
        {
            ["answer_length/mean"] = (22 + 14 + 17) / 3.0,
            ["matches_expected/mean"] = 2 / 3.0,
        });
        foreach (var row in run.Result.Rows)
        {
            var trace = await _backend.Client.GetTraceAsync(row.Context.TraceId!);
            trace.Spans.Should().HaveCount(2);
            trace.RootSpan!.Name.Should().Be("predict");
            JsonNode.DeepEquals(trace.Inputs, Rows[row.Index].Inputs).Should().BeTrue();
            trace.Outputs!["answer"]!.GetValue<string>().Should().Be(new[] { "Answer: What is MLflow", "something else", "Answer: Why score" }[row.Index], "the root span holds the app's output");
            var child = trace.Spans.Single(s => s.ParentId is not null);
            child.Name.Should().Be("retrieve");
            child.ParentId.Should().Be(trace.RootSpan.SpanId, "the app's own span nests under the root that wraps predict");
            child.SpanType.Should().Be(SpanType.Retriever);
            var feedback = trace.Info.Assessments.OfType<Feedback>().ToList();
            feedback.Select(f => f.Name).Should().BeEquivalentTo("answer_length", "matches_expected");
            feedback.Should().OnlyContain(f => f.Metadata![EvaluationRun.SourceRunIdMetadataKey] == run.RunId && f.SpanId == trace.RootSpan.SpanId);
        }

        run.Result.Rows.Select(r => r.Feedback.Single(f => f.Name == "matches_expected").Value!.GetValue<bool>())
            .Should().Equal(true, false, true);
    }

    [Test]
    public async Task EvaluateAsync_AppThrows_GivesAnErrorRowAndAnErrorTraceAndScoresTheOthers()
    {
        var calls = 0;
        var run = await _backend.Evaluator().EvaluateAsync(
            Rows.Take(2).ToArray(),
            inputs =>
            {
                Interlocked.Increment(ref calls);
                return inputs!["question"]!.GetValue<string>() == "What is a trace?"
                    ? throw new InvalidOperationException("the model is down")
                    : new JsonObject { ["answer"] = "fine" };
            },
            [Length],
            new AppEvaluationOptions { MaxDegreeOfParallelism = 1 });

        calls.Should().Be(2);
        var failed = run.Result.Rows[1];
        failed.Error!.ErrorCode.Should().Be(AppEvaluator.PredictErrorCode);
        failed.Error.ErrorMessage.Should().Be("the model is down");
        failed.Error.StackTrace.Should().Contain(nameof(InvalidOperationException));
        failed.Feedback.Should().BeEmpty();
        (await _backend.Client.RequireRunStore().GetRunAsync(run.RunId, default)).Status.Should().Be("FINISHED");
        var traces = (await _backend.RunTracesAsync(run.RunId)).ToDictionary(t => t.TraceId);
        traces.Should().HaveCount(2);
        traces[failed.Context.TraceId!].Info.State.Should().Be("ERROR");
        traces[failed.Context.TraceId!].Info.Assessments.OfType<Feedback>().Should().BeEmpty("a row whose function threw is not scored; its expectations are still written, as in MLflow");
        var ok = run.Result.Rows[0];
        traces[ok.Context.TraceId!].Info.State.Should().Be("OK");
        if (await _backend.KeepsSpansAsync(ok.Context.TraceId!))
        {
            ok.Error.Should().BeNull();
            ok.Feedback.Single().Value!.GetValue<long>().Should().Be(4);
            run.Result.Metrics.Should().Equal(new Dictionary<string, double> { ["answer_length/mean"] = 4 }, "the failed row counts in no metric");
            var root = (await _backend.Client.GetTraceAsync(failed.Context.TraceId!)).RootSpan!;
            root.StatusCode.Should().Be("STATUS_CODE_ERROR");
        }
        else
        {
            _backend.Kind.Should().NotBe("local", "the local store keeps the spans");
            ok.Error!.ErrorCode.Should().Be(AppEvaluator.TraceNotFoundErrorCode);
        }
    }

    [Test]
    public async Task EvaluateAsync_AsyncAppUsingStartRootActivity_KeepsItsSpansInTheRowsTrace()
    {
        var run = await _backend.Evaluator().EvaluateAsync(
            Rows.Take(1).ToArray(),
            async (inputs, cancellationToken) =>
            {
                // An app that starts its own trace root (as an ASP.NET Core handler would) still lands in the row's trace.
                using var handler = MlflowTracing.StartRootActivity(_backend.Source, "handler");
                await Task.Delay(1, cancellationToken);
                handler!.SetTag("mlflow.spanOutputs", "\"inner\"");
                return new JsonObject { ["answer"] = "ok" };
            },
            [Length]);

        var traceId = run.Result.Rows.Single().Context.TraceId!;
        (await _backend.RunTracesAsync(run.RunId)).Should().ContainSingle().Which.TraceId.Should().Be(traceId);
        if (await _backend.KeepsSpansAsync(traceId))
        {
            var trace = await _backend.Client.GetTraceAsync(traceId);
            trace.Spans.Select(s => s.Name).Should().BeEquivalentTo("predict", "handler");
            trace.Spans.Single(s => s.Name == "handler").ParentId.Should().Be(trace.RootSpan!.SpanId);
            run.Result.Rows.Single().Feedback.Single().Value!.GetValue<long>().Should().Be(2);
        }
        else
        {
            _backend.Kind.Should().NotBe("local", "the local store keeps the spans");
        }
    }

    [Test]
    public async Task EvaluateAsync_DatasetWithOutputs_RecordsEachRowAsATraceOfTheRun()
    {
        var run = await _backend.Evaluator().EvaluateAsync(Rows, [Length, MatchesExpected]);

        var traces = await _backend.RunTracesAsync(run.RunId);
        traces.Should().HaveCount(3);
        if (await _backend.KeepsSpansAsync(traces[0].TraceId))
        {
            run.Result.Metrics["matches_expected/mean"].Should().Be(1.0, "each row's outputs are its expected answer");
            run.Assessments.Should().HaveCount(6);
        }
        else
        {
            _backend.Kind.Should().NotBe("local", "the local store keeps the spans");
            run.Result.Rows.Should().OnlyContain(r => r.Error!.ErrorCode == AppEvaluator.TraceNotFoundErrorCode);
        }
    }

    [Test]
    public async Task EvaluateAsync_ExistingTraces_ScoresThemIntoANewRunWithoutCallingTheApp()
    {
        var first = await _backend.Evaluator().EvaluateAsync(Rows.Take(2).ToArray(), [Length]);
        var traces = await _backend.RunTracesAsync(first.RunId);
        var seen = CodeScorer.Create("seen", context => context.TraceId is not null);

        var rescored = await _backend.Evaluator().EvaluateAsync(traces, [seen], new AppEvaluationOptions { RunName = "rescore" });

        rescored.RunName.Should().Be("rescore");
        rescored.Result.Metrics.Should().Equal(new Dictionary<string, double> { ["seen/mean"] = 1.0 });
        rescored.Assessments.Should().HaveCount(2).And.OnlyContain(a => a.Metadata![EvaluationRun.SourceRunIdMetadataKey] == rescored.RunId);
        (await _backend.RunTracesAsync(first.RunId)).Should().HaveCount(2, "the traces stay linked to the run that recorded them");
        (await _backend.Client.RequireRunStore().GetRunAsync(rescored.RunId, default)).Metrics.Should().ContainKey("seen/mean");
    }

    [Test]
    public async Task EvaluateAsync_SourceNobodyListensTo_ThrowsBeforeAnyCall()
    {
        using var unheard = new ActivitySource("MlflowScorers.Tests.Unheard." + Guid.NewGuid().ToString("N"));
        var requestsBefore = _backend.Server?.Requests.Count;
        var evaluator = new AppEvaluator(_backend.Client, _backend.Tracing, unheard);

        var act = () => evaluator.EvaluateAsync(Rows, App, [Length]);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(unheard.Name);
        _backend.Server?.Requests.Count.Should().Be(requestsBefore, "no run is created");
    }

    [Test]
    public async Task EvaluateAsync_Cancelled_EndsTheRunFailed()
    {
        using var cancellation = new CancellationTokenSource();
        var act = () => _backend.Evaluator().EvaluateAsync(
            Rows,
            async (inputs, token) =>
            {
                await cancellation.CancelAsync();
                token.ThrowIfCancellationRequested();
                return null;
            },
            [Length],
            cancellationToken: cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        var runs = await _backend.RunStatusesAsync();
        runs.Should().ContainSingle().Which.Should().Be("FAILED");
    }

    /// <summary>The fake application: a retrieval child span, then an answer built from the question.</summary>
    private async Task<JsonNode?> App(JsonNode? inputs, CancellationToken cancellationToken)
    {
        var question = inputs!["question"]!.GetValue<string>();
        using (var retrieve = _backend.Source.StartActivity("retrieve"))
        {
            retrieve!.SetTag("mlflow.spanType", "RETRIEVER");
            await Task.Yield();
        }

        return new JsonObject { ["answer"] = question == "What is a trace?" ? "something else" : "Answer: " + question.TrimEnd('?') };
    }

    private static ScorerContext Row(string question, string answer) => new()
    {
        Inputs = new JsonObject { ["question"] = question },
        Outputs = new JsonObject { ["answer"] = answer },
        Expectations = new Dictionary<string, JsonNode?> { ["expected_answer"] = answer },
    };
}
