// Monitoring: the seed guide's production-monitoring flow, offline, in a fresh local MLflow database.
//   1. code scorers are registered and started (their registrations live in the experiment's tags);
//   2. a ScorerMonitor runs them on new traces, as MLflow's online scoring runs server-side judges;
//   3. a small fake app produces traffic through OpenTelemetry;
//   4. feedback appears on the traces; the sample prints it, the delay from each trace's end to its feedback, and the trend.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers;
using OpenTelemetry.Trace;

var folder = Path.Combine(Path.GetTempPath(), "mlflowscorers-monitoring-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var trackingUri = "sqlite:///" + Path.Combine(folder, "mlflow.db");
await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = trackingUri, ExperimentName = "monitoring" });
var experimentId = await client.GetActiveExperimentIdAsync();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}; experiment {experimentId}");

// 1. Register and start two code scorers: every trace gets response_length, half of them mentions_mlflow.
var length = CodeScorer.FromOutputs("response_length", outputs => outputs?.ToString().Length ?? 0) with { Implementation = "Samples.ResponseLength" };
var mentions = CodeScorer.FromOutputs("mentions_mlflow", outputs => outputs?.ToString().Contains("MLflow", StringComparison.Ordinal) ?? false);
await (await length.RegisterAsync(client)).StartAsync(client, new ScorerSamplingConfig(1.0));
await (await mentions.RegisterAsync(client)).StartAsync(client, new ScorerSamplingConfig(0.5));

// 2. The monitor: this process supplies the code behind the registrations.
var options = new ScorerMonitorOptions { PollingInterval = TimeSpan.FromMilliseconds(500), CompletionBuffer = TimeSpan.FromSeconds(1) };
options.Scorers.Add(length);
options.Scorers.Add(mentions);
options.Alerts.Add(new QualityAlertRule
{
    Name = "answers-mention-mlflow",
    ScorerName = "mentions_mlflow",
    Condition = QualityAlertCondition.PassRateBelow,
    Threshold = 0.9,
    MinimumCount = 3,
});
options.OnAlert = (alert, _) =>
{
    Console.WriteLine($"ALERT {alert.Rule.Name}: pass rate {alert.Observed:0.##} over {alert.Count} results ({(alert.IsFiring ? "firing" : "resolved")})");
    return ValueTask.CompletedTask;
};
await using var monitor = new ScorerMonitor(client, options);
using var stop = new CancellationTokenSource();
var running = monitor.RunAsync(stop.Token);
Console.WriteLine($"Monitor {monitor.InstanceId} running.");

// 3. Traffic: a fake app answers questions; its spans reach the local store through OpenTelemetry.
var questions = new[] { "What is MLflow?", "How do I start a scorer?", "Is Databricks required?", "What is a trace?", "Can MLflow score in .NET?" };
const int Requests = 20;
using (var tracing = MlflowTracing.CreateTracerProvider(o =>
{
    o.TrackingUri = trackingUri;
    o.ExperimentId = experimentId;
    o.Sources.Add(FakeApp.SourceName);
    o.ScheduledDelay = TimeSpan.FromMilliseconds(200);
}))
{
    for (var i = 0; i < Requests; i++)
    {
        FakeApp.Answer(questions[i % questions.Length]);
        await Task.Delay(100);
    }

    tracing.ForceFlush();
}

Console.WriteLine($"The app served {Requests} requests.");

// 4. Wait for the feedback: every trace gets response_length (rate 1.0).
var clock = Stopwatch.StartNew();
var traces = await client.SearchTracesAsync(new TraceSearchOptions { IncludeSpans = false }).ToListAsync();
while (traces.Count(t => t.Info.Assessments.Any(a => a.Name == "response_length")) < Requests && clock.Elapsed < TimeSpan.FromSeconds(30))
{
    await Task.Delay(250);
    traces = await client.SearchTracesAsync(new TraceSearchOptions { IncludeSpans = false }).ToListAsync();
}

await stop.CancelAsync();
await running;

var delays = traces.SelectMany(t => t.Info.Assessments.OfType<Feedback>()
        .Where(f => f.CreateTime is not null)
        .Select(f => (f.CreateTime!.Value - (t.Info.RequestTime!.Value + (t.Info.ExecutionDuration ?? TimeSpan.Zero))).TotalSeconds))
    .Order()
    .ToArray();
Console.WriteLine("Feedback per trace:");
foreach (var trace in traces.OrderBy(t => t.Info.RequestTime))
{
    var feedback = trace.Info.Assessments.OfType<Feedback>().Select(f => $"{f.Name}={f.Value?.ToJsonString()}");
    Console.WriteLine($"  {trace.TraceId} {trace.Info.RequestPreview}: {string.Join(", ", feedback)}");
}

if (delays.Length == 0)
{
    Console.WriteLine("No feedback appeared.");
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Trace end to feedback: p50 {delays[delays.Length / 2]:0.00} s, max {delays[^1]:0.00} s over {delays.Length} feedback."));

var trend = await client.GetQualityTrendAsync(new QualityTrendRequest { Start = DateTimeOffset.UtcNow.AddHours(-1), End = DateTimeOffset.UtcNow.AddMinutes(1) });
Console.WriteLine("Quality trend (per hour):");
Console.WriteLine($"  {"scorer",-16} {"count",5} {"pass rate",9} {"mean",8}");
foreach (var point in trend)
{
    Console.WriteLine($"  {point.ScorerName,-16} {point.Count,5} {Format(point.PassRate),9} {Format(point.Mean),8}");
}

return 0;

static string Format(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";

/// <summary>A stand-in GenAI app: one root span per request, with the question and the answer.</summary>
internal static class FakeApp
{
    public const string SourceName = "Monitoring.FakeApp";
    private static readonly ActivitySource s_source = new(SourceName);

    public static void Answer(string question)
    {
        using var root = s_source.StartActivity("answer_question");
        root?.SetTag("mlflow.spanType", "CHAIN");
        root?.SetTag("mlflow.spanInputs", new JsonObject { ["question"] = question }.ToJsonString());
        var answer = question.Contains("MLflow", StringComparison.Ordinal)
            ? "MLflow is an open-source platform for GenAI apps."
            : $"Here is what the docs say about: {question}";
        root?.SetTag("mlflow.spanOutputs", JsonValue.Create(answer).ToJsonString());
    }
}
