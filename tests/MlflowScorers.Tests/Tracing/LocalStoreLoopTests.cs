using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// The whole offline loop on a real SQLite file: OpenTelemetry spans → the local store → search → a code scorer →
/// feedback written back → the quality trend.
/// </summary>
[NonParallelizable]
public sealed class LocalStoreLoopTests
{
    private string _file = null!;

    [SetUp]
    public void CreateFile() => _file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-loop-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Test]
    public async Task SpansExportedLocally_AreSearchable_ScoredAndTrended()
    {
        var uri = "sqlite:///" + _file;
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = uri, ExperimentName = "loop", ReadEnvironment = false });
        var experimentId = await client.GetActiveExperimentIdAsync();
        using var source = new ActivitySource("MlflowScorers.Tests.Loop." + Guid.NewGuid().ToString("N"));
        using (var tracing = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = uri;
            o.ExperimentId = experimentId;
            o.Sources.Add(source.Name);
        }))
        {
            foreach (var question in new[] { "short?", "a much longer question?" })
            {
                using var root = source.StartActivity("app");
                root!.SetTag("mlflow.spanInputs", new JsonObject { ["question"] = question }.ToJsonString());
                using (var child = source.StartActivity("retrieve"))
                {
                    child!.SetTag("mlflow.spanType", "RETRIEVER");
                }

                root.SetTag("mlflow.spanOutputs", JsonValue.Create("answer to " + question).ToJsonString());
            }

            tracing.Shutdown().Should().BeTrue();
        }

        var traces = await client.SearchTracesAsync(new TraceSearchOptions { OrderBy = ["timestamp_ms ASC"] }).ToListAsync();
        traces.Should().HaveCount(2);
        traces.Select(t => t.Inputs!["question"]!.GetValue<string>()).Should().BeEquivalentTo("short?", "a much longer question?");
        traces.Should().OnlyContain(t => t.Spans.Count == 2 && t.RootSpan!.Name == "app");
        (await client.SearchTracesAsync(new TraceSearchOptions { Filter = "span.type = 'RETRIEVER'" }).CountAsync()).Should().Be(2);

        var length = CodeScorer.FromOutputs("answer_length", outputs => outputs!.GetValue<string>().Length);
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(traces, [length]);
        var written = await client.WriteFeedbackAsync(result);

        written.Should().HaveCount(2).And.OnlyContain(a => a.AssessmentId!.StartsWith("a-") && a.Source.SourceType == AssessmentSourceType.Code);
        var stored = await client.ListAssessmentsAsync(traces[0].TraceId);
        stored.OfType<Feedback>().Should().ContainSingle().Which.SpanId.Should().Be(traces[0].RootSpan!.SpanId);
        var trend = await client.GetQualityTrendAsync(new QualityTrendRequest
        {
            Start = traces.Min(t => t.Info.RequestTime!.Value).AddHours(-1),
            End = traces.Max(t => t.Info.RequestTime!.Value).AddHours(1),
        });
        var lengths = traces.Select(t => (double)t.Outputs!.GetValue<string>().Length).ToArray();
        trend.Sum(p => p.Count).Should().Be(2);
        trend.Should().OnlyContain(p => p.ScorerName == "answer_length");
        trend.Max(p => p.Max).Should().Be(lengths.Max());
    }

    [Test]
    public async Task SearchTracesAsync_FilterOutsideTheGrammar_IsRefusedBeforeAnyRequest()
    {
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "http://127.0.0.1:9", ReadEnvironment = false });

        var act = async () => await client.SearchTracesAsync(new TraceSearchOptions { Filter = "tags.env = 'prod' OR tags.env = 'dev'" }).ToListAsync();

        (await act.Should().ThrowExactlyAsync<MlflowException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
    }
}
