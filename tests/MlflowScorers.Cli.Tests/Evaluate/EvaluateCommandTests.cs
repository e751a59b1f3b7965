using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Cli.Tests.Evaluate;

/// <summary><c>evaluate</c> runs a registered guidelines judge over a dataset file and over traces, against an
/// OpenAI-compatible judge endpoint on loopback WireMock.</summary>
public sealed class EvaluateCommandTests
{
    private WireMockServer _judge = null!;
    private TempStore _store = null!;
    private CliHarness _cli = null!;

    [OneTimeSetUp]
    public void StartJudge()
    {
        _judge = LoopbackServer.Start();
        _judge.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"choices": [{"message": {"role": "assistant", "content": "{\"result\": \"yes\", \"rationale\": \"It answers.\"}"}}]}"""));
    }

    [OneTimeTearDown]
    public void StopJudge() => _judge.Dispose();

    [SetUp]
    public async Task RegisterJudgeAsync()
    {
        _store = new TempStore();
        _cli = new CliHarness(_store.TrackingUri);
        (await _cli.RunAsync("register", "guidelines", "--name", "answers", "--guideline", "The response answers the question."))
            .ExitCode.Should().Be(ExitCodes.Success);
    }

    [TearDown]
    public void DeleteStore() => _store.Dispose();

    [Test]
    public async Task Evaluate_DatasetFile_ScoresEachRowAndReportsMetrics()
    {
        var dataset = _store.PathOf("rows.jsonl");
        await File.WriteAllTextAsync(dataset, """
            {"inputs": {"question": "What is MLflow?"}, "outputs": "An open-source platform."}
            {"inputs": {"question": "What is a trace?"}, "outputs": "A record of one request."}
            """);

        var run = await _cli.RunAsync("evaluate", "--scorer", "answers", "--dataset", dataset, "--judge-model", "openai:/judge", "--judge-base-url", LoopbackServer.Address(_judge) + "/v1/", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        var rows = run.Json["rows"]!.AsArray();
        rows.Should().HaveCount(2);
        rows.Select(r => r!["feedback"]![0]!["value"]!.GetValue<string>()).Should().Equal("yes", "yes");
        rows.Select(r => r!["feedback"]![0]!["error_code"]).Should().OnlyContain(e => e == null);
        run.Json["metrics"]!["answers/mean"]!.GetValue<double>().Should().Be(1);
        run.Json["feedback_written"]!.GetValue<int>().Should().Be(0);

        var table = await _cli.RunAsync("evaluate", "--scorer", "answers", "--dataset", dataset, "--judge-model", "openai:/judge", "--judge-base-url", LoopbackServer.Address(_judge) + "/v1/");
        table.Output.Should().Contain("answers=\"yes\"").And.Contain("answers/mean");
    }

    [Test]
    public async Task Evaluate_Traces_WritesTheFeedbackBack()
    {
        var traceIds = await SeededTraces.RecordAsync(_store.TrackingUri, [TimeProviderNow().AddMinutes(-5)]);

        var run = await _cli.RunAsync("evaluate", "--scorer", "answers", "--traces", "--write-feedback", "--judge-model", "openai:/judge", "--judge-base-url", LoopbackServer.Address(_judge) + "/v1/", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["feedback_written"]!.GetValue<int>().Should().Be(1);
        var feedback = (await _cli.RunAsync("feedback", traceIds[0], "--json")).Json["feedback"]!.AsArray();
        feedback.Select(f => f!["name"]!.GetValue<string>()).Should().Equal("answers");
    }

    [Test]
    public async Task Evaluate_Traces_LeavesOutScorerTraces()
    {
        var traceIds = await SeededTraces.RecordAsync(_store.TrackingUri, [TimeProviderNow().AddMinutes(-6), TimeProviderNow().AddMinutes(-5)]);
        using (var client = new MlflowClient(new MlflowClientOptions { TrackingUri = _store.TrackingUri }))
        {
            await client.SetTraceTagAsync(traceIds[1], ScorerTraces.SourceScorerTag, "answers");
        }

        var run = await _cli.RunAsync("evaluate", "--scorer", "answers", "--traces", "--judge-model", "openai:/judge", "--judge-base-url", LoopbackServer.Address(_judge) + "/v1/", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["rows"]!.AsArray().Select(r => r!["trace_id"]!.GetValue<string>()).Should().Equal(traceIds[0]);
    }

    [Test]
    public async Task Evaluate_NeitherDatasetNorTraces_IsBadInput()
    {
        var run = await _cli.RunAsync("evaluate", "--scorer", "answers");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("exactly one of --dataset FILE and --traces");
    }

    [Test]
    public async Task Evaluate_DatasetThatIsNotJson_IsBadInputNamingTheLine()
    {
        var dataset = _store.PathOf("rows.jsonl");
        await File.WriteAllTextAsync(dataset, "{\"inputs\": 1, \"outputs\": 2}\n{not json\n");

        var run = await _cli.RunAsync("evaluate", "--scorer", "answers", "--dataset", dataset);

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("rows.jsonl line 2 is not valid JSON");
    }

    [Test]
    public async Task Evaluate_UnknownScorer_IsNotFound()
    {
        var dataset = _store.PathOf("rows.json");
        await File.WriteAllTextAsync(dataset, """[{"inputs": "q", "outputs": "a"}]""");

        var run = await _cli.RunAsync("evaluate", "--scorer", "absent", "--dataset", dataset);

        run.ExitCode.Should().Be(ExitCodes.NotFound);
    }

    private static System.DateTimeOffset TimeProviderNow() => System.TimeProvider.System.GetUtcNow();
}
