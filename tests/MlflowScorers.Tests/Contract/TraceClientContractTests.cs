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

namespace MlflowScorers.Tests.Contract;

/// <summary>
/// One trace and assessment contract for <see cref="MlflowClient"/>, run on the local store and on fake MLflow 3.6 and 3.11
/// servers, all seeded with the same real trace (MLflow 3.11's batchGet answer in the fixtures).
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class TraceClientContractTests(string backend)
{
    private const string TraceId = "tr-de983a0007c611e54736ff026ab25699";
    private FakeMlflowServer? _server;
    private FakeDatabricksServer? _workspace;
    private string? _file;
    private MlflowClient _client = null!;

    public static IEnumerable<string> Backends => ["local", "mlflow-3.6", "mlflow-3.11", "databricks"];

    [SetUp]
    public async Task Seed()
    {
        var traceJson = FixtureTrace();
        string uri;
        string experimentId;
        if (backend == "local")
        {
            _file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-traces-{Guid.NewGuid():N}.db");
            uri = "sqlite:///" + _file;
            await using var store = new LocalScorerStore(_file, TimeProvider.System);
            experimentId = await store.CreateExperimentAsync("traces", default);
            using var document = JsonDocument.Parse(traceJson.ToJsonString());
            await store.WriteTraceAsync(experimentId, TraceJsonParser.ParseTrace(document.RootElement), default);
        }
        else if (backend == "databricks")
        {
            _workspace = FakeDatabricksServer.Start();
            experimentId = "0";
            _workspace.Mlflow.AddTrace(experimentId, traceJson);
            _client = new MlflowClient(new MlflowClientOptions
            {
                TrackingUri = "databricks",
                ExperimentId = experimentId,
                ReadEnvironment = false,
                Retry = { MaxRetries = 0 },
                Databricks = { Host = _workspace.Url, Token = "dapi-traces" },
            });
            return;
        }
        else
        {
            _server = FakeMlflowServer.Start(backend == "mlflow-3.6" ? FakeServerVersion.Mlflow36 : FakeServerVersion.Mlflow311);
            uri = _server.Url;
            experimentId = "0";
            _server.AddTrace(experimentId, traceJson);
        }

        _client = new MlflowClient(new MlflowClientOptions { TrackingUri = uri, ExperimentId = experimentId, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
    }

    [TearDown]
    public async Task Dispose()
    {
        await _client.DisposeAsync();
        _server?.Dispose();
        _workspace?.Dispose();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }

    [Test]
    public async Task SearchTracesAsync_FindsTheTraceWithSpansInputsAndOutputs()
    {
        var traces = await _client.SearchTracesAsync().ToListAsync();

        var trace = traces.Should().ContainSingle().Subject;
        trace.TraceId.Should().Be(TraceId);
        trace.RootSpan!.Name.Should().Be("app");
        trace.Inputs!["question"]!.GetValue<string>().Should().Be("What is MLflow?");
        trace.Outputs!.GetValue<string>().Should().Be("Hello! You asked: What is MLflow?");
    }

    [TestCase("tags.env = 'prod'", 1)]
    [TestCase("tags.env = 'dev'", 0)]
    [TestCase("trace.status = 'OK'", 1)]
    public async Task SearchTracesAsync_Filter_SelectsAsMlflowDoes(string filter, int expected)
    {
        (await _client.SearchTracesAsync(new TraceSearchOptions { Filter = filter }).CountAsync()).Should().Be(expected);
    }

    [Test]
    public async Task TraceTags_SetThenDelete_AreSeenByGetAndBySearchFilters()
    {
        await _client.SetTraceTagAsync(TraceId, "release", "canary");
        await _client.SetTraceTagAsync(TraceId, "release", "v2");

        (await _client.GetTraceAsync(TraceId)).Info.Tags["release"].Should().Be("v2");
        (await _client.SearchTracesAsync(new TraceSearchOptions { Filter = "tags.release = 'v2'" }).CountAsync()).Should().Be(1);

        await _client.DeleteTraceTagAsync(TraceId, "release");

        (await _client.GetTraceAsync(TraceId)).Info.Tags.Should().NotContainKey("release").And.ContainKey("env");
        (await _client.SearchTracesAsync(new TraceSearchOptions { Filter = "tags.release = 'v2'" }).CountAsync()).Should().Be(0);
        var again = () => _client.DeleteTraceTagAsync(TraceId, "release");
        (await again.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task SetTraceTagAsync_UnknownTrace_IsResourceDoesNotExist()
    {
        var set = () => _client.SetTraceTagAsync("tr-00000000000000000000000000000000", "env", "prod");

        (await set.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task Feedback_CreateUpdateListDelete_RoundTrips()
    {
        var created = await _client.CreateAssessmentAsync(new Feedback
        {
            Name = "helpfulness",
            TraceId = TraceId,
            Value = "yes",
            Rationale = "Answers it.",
            Metadata = new Dictionary<string, string> { ["judge"] = "unit" },
            Source = AssessmentSource.FromLlmJudge("openai:/gpt-4.1-mini"),
        });

        created.AssessmentId.Should().StartWith("a-");
        created.CreateTime.Should().NotBeNull();
        var updated = await _client.UpdateAssessmentAsync(TraceId, created.AssessmentId!, new AssessmentUpdate { Rationale = "Checked by hand." });
        updated.Rationale.Should().Be("Checked by hand.");
        updated.Should().BeOfType<Feedback>().Which.Value!.GetValue<string>().Should().Be("yes", "fields outside the update stay");
        var listed = await _client.ListAssessmentsAsync(TraceId);
        listed.Should().ContainSingle(a => a.AssessmentId == created.AssessmentId)
            .Which.Source.Should().Be(AssessmentSource.FromLlmJudge("openai:/gpt-4.1-mini"));
        await _client.DeleteAssessmentAsync(TraceId, created.AssessmentId!);
        var act = () => _client.GetAssessmentAsync(TraceId, created.AssessmentId!);
        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
    }

    [Test]
    public async Task GetQualityTrendAsync_CountsTheFeedbackInItsHour()
    {
        await _client.CreateAssessmentAsync(new Feedback { Name = "safety", TraceId = TraceId, Value = "yes" });
        await _client.CreateAssessmentAsync(new Feedback { Name = "safety", TraceId = TraceId, Value = "no" });
        var time = (await _client.GetTraceAsync(TraceId)).Info.RequestTime!.Value;

        var trend = await _client.GetQualityTrendAsync(new QualityTrendRequest { Start = time.AddHours(-1), End = time.AddHours(1) });

        var point = trend.Should().ContainSingle().Subject;
        point.ScorerName.Should().Be("safety");
        point.Count.Should().Be(2);
        point.PassRate.Should().Be(0.5);
    }

    [Test]
    public async Task GetQualityTrendAsync_ReadsTraceInfosButNeverSpans()
    {
        await _client.CreateAssessmentAsync(new Feedback { Name = "safety", TraceId = TraceId, Value = "yes" });
        var time = (await _client.GetTraceAsync(TraceId)).Info.RequestTime!.Value;
        var before = _server?.Requests.Count ?? 0;

        var trend = await _client.GetQualityTrendAsync(new QualityTrendRequest { Start = time.AddHours(-1), End = time.AddHours(1) });

        trend.Should().ContainSingle().Which.Count.Should().Be(1);
        if (_server is not null)
        {
            var paths = _server.Requests.Skip(before).Select(r => r.PathAndQuery).ToList();
            paths.Should().NotBeEmpty().And.OnlyContain(p => p.Contains("/traces/search", StringComparison.Ordinal));
        }
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
