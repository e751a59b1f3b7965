using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Diagnostics;
using MlflowScorers.Evaluation;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// Dataset expectations written to the rows' traces by <see cref="AppEvaluator"/>, as <c>mlflow.genai.evaluate</c> writes them:
/// one Expectation per name, source HUMAN with id <c>unknown</c>, on the root span, marked with the run's id; none for a name
/// the trace already carries, none for a row without expectations; a refused write is logged and counted. On the local store
/// and fake MLflow 3.6 / 3.11 servers (where the fake keeps no spans, the rows' traces are not read back and get none).
/// </summary>
[TestFixtureSource(typeof(PredictBackend), nameof(PredictBackend.Kinds))]
public sealed class PredictExpectationsTests(string kind)
{
    private PredictBackend _backend = null!;

    private static CodeScorer Answered { get; } = CodeScorer.FromOutputs("answered", outputs => outputs is not null);

    [SetUp]
    public async Task Create() => _backend = await PredictBackend.CreateAsync(kind);

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task EvaluateAsync_RowsWithExpectations_LeaveOneHumanExpectationPerNameOnEachTrace()
    {
        ScorerContext[] rows = [Row("q1", "a1", "fact one"), Row("q2", "a2", "fact two")];

        var run = await _backend.Evaluator().EvaluateAsync(rows, Echo, [Answered]);

        var traces = await _backend.RunTracesAsync(run.RunId);
        traces.Should().HaveCount(2);
        run.Result.Rows.Should().OnlyContain(r => r.ExpectationWriteFailures == 0);
        if (!await _backend.KeepsSpansAsync(traces[0].TraceId))
        {
            _backend.Kind.Should().NotBe("local", "the local store keeps the spans");
            run.Result.Rows.Should().OnlyContain(r => r.Error!.ErrorCode == AppEvaluator.TraceNotFoundErrorCode);
            traces.SelectMany(t => t.Info.Assessments).OfType<Expectation>().Should().BeEmpty("a trace that was not read back gets no expectations");
            return;
        }

        foreach (var row in run.Result.Rows)
        {
            var trace = await _backend.Client.GetTraceAsync(row.Context.TraceId!);
            var expectations = trace.Info.Assessments.OfType<Expectation>().ToList();
            expectations.Select(e => e.Name).Should().BeEquivalentTo("expected_answer", "expected_facts");
            var question = rows[row.Index];
            foreach (var expectation in expectations)
            {
                JsonNode.DeepEquals(expectation.Value, question.Expectations![expectation.Name]).Should().BeTrue(expectation.Name);
                expectation.Source.SourceType.Should().Be(AssessmentSourceType.Human);
                expectation.Source.SourceId.Should().Be(EvaluationExpectations.SourceId);
                expectation.Metadata![EvaluationRun.SourceRunIdMetadataKey].Should().Be(run.RunId);
                expectation.SpanId.Should().Be(trace.RootSpan!.SpanId);
            }

            trace.Info.Assessments.OfType<Feedback>().Should().ContainSingle().Which.Name.Should().Be("answered");
        }
    }

    [Test]
    public async Task EvaluateAsync_ExistingTracesCarryingTheExpectations_AddsNone()
    {
        var first = await _backend.Evaluator().EvaluateAsync([Row("q1", "a1", "fact one")], Echo, [Answered]);
        var before = await _backend.RunTracesAsync(first.RunId);

        var rescored = await _backend.Evaluator().EvaluateAsync(before, [Answered]);

        rescored.Result.Rows.Should().ContainSingle().Which.ExpectationWriteFailures.Should().Be(0);
        var after = (await _backend.RunTracesAsync(first.RunId)).Should().ContainSingle().Subject;
        after.Info.Assessments.OfType<Expectation>().Select(e => (e.Name, e.AssessmentId))
            .Should().BeEquivalentTo(before.Single().Info.Assessments.OfType<Expectation>().Select(e => (e.Name, e.AssessmentId)));
        if (await _backend.KeepsSpansAsync(after.TraceId))
        {
            after.Info.Assessments.OfType<Expectation>().Should().HaveCount(2, "the first run wrote both, the rescoring none");
        }
    }

    [Test]
    public async Task WriteAsync_TraceAlreadyCarryingAName_WritesOnlyTheOthers()
    {
        var run = await _backend.Evaluator().EvaluateAsync([new ScorerContext { Inputs = new JsonObject { ["question"] = "q" } }], Echo, [Answered]);
        var trace = (await _backend.RunTracesAsync(run.RunId)).Single();
        trace.Info.Assessments.OfType<Expectation>().Should().BeEmpty("the row had no expectations");

        var first = await WriteAsync(trace, new Dictionary<string, JsonNode?> { ["expected_answer"] = "first" }, run.RunId);
        trace = (await _backend.RunTracesAsync(run.RunId)).Single();
        var second = await WriteAsync(trace, new Dictionary<string, JsonNode?> { ["expected_answer"] = "second", ["expected_tone"] = "calm" }, run.RunId);

        (first, second).Should().Be((0, 0));
        var expectations = (await _backend.RunTracesAsync(run.RunId)).Single().Info.Assessments.OfType<Expectation>().ToList();
        expectations.Select(e => (e.Name, e.Value!.GetValue<string>())).Should().BeEquivalentTo(new[] { ("expected_answer", "first"), ("expected_tone", "calm") });
        expectations.Should().OnlyContain(e => e.Metadata![EvaluationRun.SourceRunIdMetadataKey] == run.RunId);
    }

    [Test]
    public async Task WriteAsync_BackendRefuses_CountsAndLogsTheFailureAndWritesTheRest()
    {
        if (_backend.Server is not { } server)
        {
            Assert.Ignore("faults are injected on the fake servers");
            return;
        }

        var run = await _backend.Evaluator().EvaluateAsync([new ScorerContext { Inputs = new JsonObject { ["question"] = "q" } }], Echo, [Answered]);
        var trace = (await _backend.RunTracesAsync(run.RunId)).Single();
        using var logs = new CapturingLoggerFactory();
        server.FailNext("POST", "/assessments", 400, 1);

        var failures = await EvaluationExpectations.WriteAsync(
            _backend.Client, logs.CreateLogger(EvaluationLog.Category), 3, trace,
            new Dictionary<string, JsonNode?> { ["expected_answer"] = "a", ["expected_tone"] = "calm" }, run.RunId, CancellationToken.None);

        failures.Should().Be(1);
        var line = logs.Lines.Should().ContainSingle(l => l.EventId == MlflowLogEvents.EvaluationExpectationNotWritten).Subject;
        line.Level.Should().Be(LogLevel.Warning);
        line.Message.Should().Contain("expected_answer").And.Contain(trace.TraceId).And.Contain("row 3");
        (await _backend.RunTracesAsync(run.RunId)).Single().Info.Assessments.OfType<Expectation>()
            .Should().ContainSingle().Which.Name.Should().Be("expected_tone");
    }

    [Test]
    public async Task EvaluateAsync_RowsWithoutExpectations_AddNone()
    {
        var run = await _backend.Evaluator().EvaluateAsync(
            [new ScorerContext { Inputs = new JsonObject { ["question"] = "q1" } }, new ScorerContext { Inputs = new JsonObject { ["question"] = "q2" }, Expectations = new Dictionary<string, JsonNode?>() }],
            Echo,
            [Answered]);

        var traces = await _backend.RunTracesAsync(run.RunId);
        traces.Should().HaveCount(2);
        traces.SelectMany(t => t.Info.Assessments).OfType<Expectation>().Should().BeEmpty();
        run.Result.Rows.Should().OnlyContain(r => r.ExpectationWriteFailures == 0);
        if (await _backend.KeepsSpansAsync(traces[0].TraceId))
        {
            traces.Should().OnlyContain(t => t.Info.Assessments.OfType<Feedback>().Count() == 1, "the rows were scored");
        }
    }

    private static JsonNode? Echo(JsonNode? inputs) => new JsonObject { ["answer"] = "echo: " + inputs!["question"]!.GetValue<string>() };

    private static ScorerContext Row(string question, string answer, string fact) => new()
    {
        Inputs = new JsonObject { ["question"] = question },
        Expectations = new Dictionary<string, JsonNode?>
        {
            ["expected_answer"] = answer,
            ["expected_facts"] = new JsonArray(fact, "always true"),
        },
    };

    private Task<int> WriteAsync(Trace trace, IReadOnlyDictionary<string, JsonNode?> expectations, string runId) =>
        EvaluationExpectations.WriteAsync(_backend.Client, NullLogger.Instance, 0, trace, expectations, runId, CancellationToken.None);
}
