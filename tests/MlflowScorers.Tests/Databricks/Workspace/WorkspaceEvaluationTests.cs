using System;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Workspace;

/// <summary>
/// The evaluation harness on a Databricks workspace: traces searched from the workspace with their spans are scored by .NET
/// scorers, the feedback is written back to them (directly, and as an evaluation run), and every call carries the token.
/// </summary>
[NonParallelizable]
public sealed class WorkspaceEvaluationTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task Harness_ScoresStoredTraces_AndTheFeedbackIsWrittenBackToThem()
    {
        await using var test = await WorkspaceClient.CreateAsync(_server);
        var ids = WorkspaceTraffic.Record(_server, test.ExperimentId, s_start, 4, "eval");
        var traces = await test.Client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [test.ExperimentId] }).ToListAsync();
        var scorers = new Scorer[]
        {
            CodeScorer.FromOutputs("answer_length", o => o?.GetValue<string>().Length ?? 0),
            CodeScorer.FromInputsAndOutputs("echoes_number", (i, o) => o!.GetValue<string>()[^1] == i!["question"]!.GetValue<string>()[^1]),
        };

        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(traces, scorers);
        var written = await test.Client.WriteFeedbackAsync(result);

        traces.Select(t => t.TraceId).Should().BeEquivalentTo(ids);
        traces.Should().OnlyContain(t => t.RootSpan!.Inputs!["question"] != null);
        written.Should().HaveCount(8);
        var stored = (await test.Client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [test.ExperimentId], IncludeSpans = false }).ToListAsync())
            .SelectMany(t => t.Info.Assessments.OfType<Feedback>().Select(f => (t.TraceId, f.Name, Value: f.Value!.ToJsonString())))
            .ToList();
        stored.Should().BeEquivalentTo(ids.SelectMany((id, i) => new[]
        {
            (id, "answer_length", $"eval answer {i}".Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (id, "echoes_number", "true"),
        }));
        WorkspaceTraffic.ShouldAllCarryThePersonalAccessToken(_server)
            .Should().Contain(r => r.PathAndQuery.Contains("/traces/batchGet", StringComparison.Ordinal));
    }

    [Test]
    public async Task Harness_LoggedAsAnEvaluationRun_RecordsTheRunAndItsFeedback_OnTheWorkspace()
    {
        await using var test = await WorkspaceClient.CreateAsync(_server);
        WorkspaceTraffic.Record(_server, test.ExperimentId, s_start, 3, "run");
        var traces = await test.Client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [test.ExperimentId] }).ToListAsync();
        var result = await new EvaluationHarness(new ScorerRunner())
            .EvaluateAsync(traces, [CodeScorer.FromOutputs("answer_length", o => o?.GetValue<string>().Length ?? 0)]);

        var run = await test.Client.LogEvaluationRunAsync(result, runName: "workspace-eval");

        run.ExperimentId.Should().Be(test.ExperimentId);
        run.Assessments.Should().HaveCount(3).And.OnlyContain(a => a.Metadata!["mlflow.assessment.sourceRunId"] == run.RunId);
        var rest = WorkspaceTraffic.ShouldAllCarryThePersonalAccessToken(_server);
        rest.Should().Contain(r => r.PathAndQuery.Contains("/runs/create", StringComparison.Ordinal));
    }
}
