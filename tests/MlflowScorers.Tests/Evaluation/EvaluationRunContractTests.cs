using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores.Local;
using MlflowScorers.Tests.Support;
using MlflowScorers.Traces;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// An evaluation recorded as an MLflow run, on the local store and on fake MLflow 3.6 and 3.11 servers, all seeded with the
/// same real trace (MLflow 3.11's batchGet answer in the fixtures).
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class EvaluationRunContractTests(string backend)
{
    private FakeMlflowServer? _server;
    private string? _file;
    private string _experimentId = null!;
    private MlflowClient _client = null!;

    public static IEnumerable<string> Backends => ["local", "mlflow-3.6", "mlflow-3.11"];

    private static CodeScorer Greets { get; } =
        CodeScorer.FromOutputs("greets", outputs => outputs!.GetValue<string>().StartsWith("Hello", StringComparison.Ordinal));

    [SetUp]
    public async Task Seed()
    {
        var traceJson = FixtureTrace();
        string uri;
        if (backend == "local")
        {
            _file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-runs-{Guid.NewGuid():N}.db");
            uri = "sqlite:///" + _file;
            await using var store = new LocalScorerStore(_file, TimeProvider.System);
            _experimentId = await store.CreateExperimentAsync("runs", default);
            using var document = JsonDocument.Parse(traceJson.ToJsonString());
            await store.WriteTraceAsync(_experimentId, TraceJsonParser.ParseTrace(document.RootElement), default);
        }
        else
        {
            _server = FakeMlflowServer.Start(backend == "mlflow-3.6" ? FakeServerVersion.Mlflow36 : FakeServerVersion.Mlflow311);
            uri = _server.Url;
            _experimentId = "0";
            _server.AddTrace(_experimentId, traceJson);
        }

        _client = new MlflowClient(new MlflowClientOptions { TrackingUri = uri, ExperimentId = _experimentId, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
    }

    [TearDown]
    public async Task Dispose()
    {
        await _client.DisposeAsync();
        _server?.Dispose();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }

    [Test]
    public async Task LogEvaluationRunAsync_TraceEvaluation_RecordsTheRunItsMetricsAndMarkedFeedback()
    {
        var traces = await _client.SearchTracesAsync().ToListAsync();
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(traces, [Greets]);

        var run = await _client.LogEvaluationRunAsync(result, runName: "baseline");

        run.RunName.Should().Be("baseline");
        run.ExperimentId.Should().Be(_experimentId);
        var stored = await _client.RequireRunStore().GetRunAsync(run.RunId, default);
        stored.Status.Should().Be("FINISHED");
        stored.Name.Should().Be("baseline");
        stored.ExperimentId.Should().Be(_experimentId);
        stored.Metrics.Should().Equal(new Dictionary<string, double> { ["greets/mean"] = 1.0 });
        stored.Tags["mlflow.runName"].Should().Be("baseline");
        var feedback = (await _client.GetTraceAsync(traces[0].TraceId)).Info.Assessments.OfType<Feedback>().Should().ContainSingle().Subject;
        feedback.Name.Should().Be("greets");
        feedback.Metadata![EvaluationRun.SourceRunIdMetadataKey].Should().Be(run.RunId);
        run.Assessments.Should().ContainSingle();
        run.Result.Rows.Single().Feedback.Single().Metadata![EvaluationRun.SourceRunIdMetadataKey].Should().Be(run.RunId);
    }

    [Test]
    public async Task LogEvaluationRunAsync_FeedbackWriteFails_EndsTheRunFailedAndRethrows()
    {
        var missing = new Trace { Info = new TraceInfo { TraceId = "tr-00000000000000000000000000000000" } };
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync([missing], [CodeScorer.Create("one", _ => 1)]);

        var act = () => _client.LogEvaluationRunAsync(result, runName: "broken");

        await act.Should().ThrowAsync<MlflowApiException>();
        var runs = backend == "local" ? await LocalRunsAsync() : _server!.Runs.Values.Select(r => (r.Name, r.Status)).ToList();
        runs.Should().ContainSingle().Which.Should().Be(("broken", "FAILED"));
    }

    [Test]
    public async Task LogEvaluationRunAsync_UnknownExperiment_FailsWithoutARun()
    {
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(
            [new ScorerContext { Outputs = "Hello" }], [Greets]);

        var act = () => _client.LogEvaluationRunAsync(result, experimentId: "424242");

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task LogEvaluationRunAsync_BlankRunName_IsRefusedBeforeAnyCall()
    {
        var result = new EvaluationRunResult { Rows = [], Metrics = new Dictionary<string, double>() };

        var act = () => _client.LogEvaluationRunAsync(result, runName: " ");

        await act.Should().ThrowAsync<ArgumentException>();
        _server?.Requests.Should().BeEmpty();
    }

    private async Task<List<(string Name, string Status)>> LocalRunsAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _file);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, status FROM runs";
        using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private static JsonObject FixtureTrace()
    {
        foreach (var line in File.ReadLines(Fixtures.PathOf("mlflow-3.11/python-client-traffic.jsonl")))
        {
            var exchange = JsonNode.Parse(line)!;
            if (((string)exchange["path"]!).StartsWith("/api/3.0/mlflow/traces/batchGet", StringComparison.Ordinal))
            {
                return JsonNode.Parse((string)exchange["resp_body"]!)!["traces"]![0]!.AsObject();
            }
        }

        throw new InvalidOperationException("The 3.11 traffic has no batchGet answer.");
    }
}
