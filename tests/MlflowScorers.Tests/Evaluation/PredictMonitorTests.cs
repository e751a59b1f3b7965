using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Monitoring;
using MlflowScorers.Tests.Monitoring;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>The monitor leaves the traces of an evaluation run alone and scores the production trace beside them.</summary>
[TestFixtureSource(typeof(PredictBackend), nameof(PredictBackend.Kinds))]
public sealed class PredictMonitorTests(string kind)
{
    private PredictBackend _backend = null!;

    [SetUp]
    public async Task Create() => _backend = await PredictBackend.CreateAsync(kind);

    [TearDown]
    public async Task Dispose() => await _backend.DisposeAsync();

    [Test]
    public async Task PollOnceAsync_AfterAnAppEvaluation_SkipsTheRunsTracesAndScoresProduction()
    {
        var length = MonitorTestKit.Length();
        await (await length.RegisterAsync(_backend.Client)).StartAsync(_backend.Client, new ScorerSamplingConfig(1.0));
        var run = await _backend.Evaluator().EvaluateAsync(
            [new ScorerContext { Inputs = new JsonObject { ["q"] = "a" } }, new ScorerContext { Inputs = new JsonObject { ["q"] = "b" } }],
            inputs => "evaluated answer",
            [length]);
        string productionTraceId;
        using (var production = _backend.Source.StartActivity("production"))
        {
            production!.SetTag("mlflow.spanInputs", "{\"q\":\"c\"}");
            production.SetTag("mlflow.spanOutputs", "\"production answer\"");
            MlflowTracing.UpdateCurrentTrace(new System.Collections.Generic.Dictionary<string, string> { ["env"] = "prod" }).Should().BeTrue();
            productionTraceId = "tr-" + production.TraceId.ToHexString();
        }

        _backend.Tracing.ForceFlush().Should().BeTrue();
        var options = new ScorerMonitorOptions
        {
            TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1)),
            InstanceId = "replica-0",
            LeaseSettleDelay = TimeSpan.Zero,
            CompletionBuffer = TimeSpan.FromSeconds(1),
            WriteRetryDelay = TimeSpan.Zero,
        };
        options.ExperimentIds.Add(_backend.ExperimentId);
        options.Scorers.Add(length);
        await using var monitor = new ScorerMonitor(_backend.Client, options);

        var summary = await monitor.PollOnceAsync();

        summary.TracesSeen.Should().Be(1, "the run's two traces carry mlflow.sourceRun and are skipped; the production trace is read");
        foreach (var trace in await _backend.RunTracesAsync(run.RunId))
        {
            trace.Info.Assessments.OfType<Feedback>().Should().NotContain(f => f.Metadata!.ContainsKey(MonitorMetadataKeys.IdempotencyKey));
        }

        if (await _backend.KeepsSpansAsync(productionTraceId))
        {
            summary.FeedbackWritten.Should().Be(1);
            var feedback = (await _backend.Client.ListAssessmentsAsync(productionTraceId)).OfType<Feedback>().Should().ContainSingle().Subject;
            feedback.Value!.GetValue<long>().Should().Be("production answer".Length);
        }
        else
        {
            _backend.Kind.Should().NotBe("local", "the local store keeps the spans");
        }
    }
}
