// Quickstart: the whole loop, offline. With no MLFLOW_TRACKING_URI set, the client uses the embedded default,
// sqlite:///mlflow.db in the working directory (MLflow's own default and schema).
//   1. a small fake app records traces through OpenTelemetry into the local store;
//   2. scorers are registered, started, updated, listed, stopped and deleted;
//   3. a code scorer scores the traces, its feedback is written back, and the quality trend is printed.
using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using OpenTelemetry.Trace;
using MlflowScorers;

await using var client = new MlflowClient(new MlflowClientOptions { ExperimentName = "quickstart" });
var experimentId = await client.GetActiveExperimentIdAsync();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");
Console.WriteLine($"Experiment: {experimentId} (quickstart)");

// 1. Record traces of a fake app through OpenTelemetry.
var startedAt = DateTimeOffset.UtcNow;
using (var tracing = MlflowTracing.CreateTracerProvider(o =>
{
    o.TrackingUri = client.TrackingUri;
    o.ExperimentId = experimentId;
    o.Sources.Add(FakeApp.SourceName);
}))
{
    foreach (var question in new[] { "What is MLflow?", "How do I start a scorer?", "Is Databricks required?", "What is a trace?" })
    {
        FakeApp.Answer(question);
    }

    tracing.Shutdown();
}

Console.WriteLine("Recorded 4 traces through OpenTelemetry.");

// 2. The scorer lifecycle: each call returns a new scorer and leaves the receiver unchanged.
var safety = await new Safety().RegisterAsync(client, name: "quickstart_safety");
var english = await new Guidelines("The response must be in English.").RegisterAsync(client, name: "quickstart_english");
var length = await CodeScorer.FromOutputs("quickstart_length", outputs => outputs?.ToString().Length ?? 0)
    .RegisterAsync(client);
Print("registered", safety, english, length);

// A server that cannot run a judge online (MLflow 3.6, or a judge without a gateway model) says so; the sample goes on.
var startedSafety = await TryAsync(safety, () => safety.StartAsync(client, new ScorerSamplingConfig(0.7)));
var startedEnglish = await TryAsync(english, () => english.StartAsync(client, new ScorerSamplingConfig(0.5, "tags.env = 'prod'")));
var startedLength = await length.StartAsync(client, new ScorerSamplingConfig(1.0));
Print("started", startedSafety, startedEnglish, startedLength);

var updatedSafety = startedSafety.Status == ScorerStatus.Started
    ? await startedSafety.UpdateAsync(client, new ScorerSamplingConfig(0.9))
    : startedSafety;
Console.WriteLine($"updated    {updatedSafety.Name}: {startedSafety.SampleRate} -> {updatedSafety.SampleRate} (the original instance still says {startedSafety.SampleRate})");

Console.WriteLine("list:");
await foreach (var scorer in client.ListScorersAsync())
{
    Console.WriteLine($"  {scorer.Name,-20} {scorer.Kind,-8} runs on {scorer.Host,-6} v{scorer.Version} {scorer.Status,-8} rate={scorer.SampleRate} filter={scorer.FilterString ?? "-"}");
}

// 3. Score this run's traces with code scorers, write the feedback back, and show it.
var answerMentionsMlflow = CodeScorer.FromOutputs("mentions_mlflow", outputs => outputs?.ToString().Contains("MLflow", StringComparison.Ordinal) ?? false);
var traces = await client.SearchTracesAsync(new TraceSearchOptions { Filter = $"trace.timestamp_ms >= {startedAt.ToUnixTimeMilliseconds()}" }).ToListAsync();
var evaluation = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(traces, [length, answerMentionsMlflow]);
var written = await client.WriteFeedbackAsync(evaluation);
Console.WriteLine($"Scored {traces.Count} traces; wrote {written.Count} feedback assessments:");
foreach (var trace in traces)
{
    var feedback = (await client.ListAssessmentsAsync(trace.TraceId)).OfType<Feedback>();
    Console.WriteLine($"  {trace.TraceId} {trace.Inputs?.ToJsonString()}: {string.Join(", ", feedback.Select(f => $"{f.Name}={f.Value?.ToJsonString()}"))}");
}

Console.WriteLine("Metrics: " + string.Join(", ", evaluation.Metrics.Select(m => $"{m.Key}={m.Value:0.##}")));
var trend = await client.GetQualityTrendAsync(new QualityTrendRequest { Start = startedAt.AddHours(-1), End = DateTimeOffset.UtcNow.AddMinutes(1) });
Console.WriteLine("Quality trend (per hour):");
Console.WriteLine($"  {"scorer",-18} {"hour (UTC)",-17} {"count",5} {"pass rate",9} {"mean",8} {"p90",8}");
foreach (var point in trend)
{
    Console.WriteLine($"  {point.ScorerName,-18} {point.BucketStart:yyyy-MM-dd HH:mm} {point.Count,5} {Format(point.PassRate),9} {Format(point.Mean),8} {Format(point.P90),8}");
}

// Stop, then delete. Stopping keeps the registration; deleting removes every version.
var stopped = updatedSafety.Status == ScorerStatus.Started ? await updatedSafety.StopAsync(client) : updatedSafety;
Console.WriteLine($"stopped    {stopped.Name}: status {stopped.Status}, rate {stopped.SampleRate}");
foreach (var scorer in new Scorer[] { stopped, startedEnglish, startedLength })
{
    var deleted = await client.DeleteAsync(scorer);
    Console.WriteLine($"deleted    {deleted.Name}: status {deleted.Status}");
}

Console.WriteLine("Done.");

static async Task<T> TryAsync<T>(T scorer, Func<Task<T>> operation)
    where T : Scorer
{
    try
    {
        return await operation();
    }
    catch (ScorerOperationNotSupportedException e)
    {
        Console.WriteLine($"not started {scorer.Name}: {e.Message.Split('\n')[0]}");
        return scorer;
    }
}

static void Print(string verb, params Scorer[] scorers)
{
    foreach (var s in scorers)
    {
        Console.WriteLine($"{verb,-10} {s.Name}: {s.Status}, version {s.Version}, rate {s.SampleRate}, filter {s.FilterString ?? "-"}");
    }
}

static string Format(double? value) => value is { } v ? v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "-";

/// <summary>A stand-in GenAI app: a root span with the question and answer, and a retriever span under it.</summary>
internal static class FakeApp
{
    public const string SourceName = "Quickstart.FakeApp";
    private static readonly ActivitySource s_source = new(SourceName);

    public static string Answer(string question)
    {
        using var root = s_source.StartActivity("answer_question");
        root?.SetTag("mlflow.spanType", "CHAIN");
        root?.SetTag("mlflow.spanInputs", new JsonObject { ["question"] = question }.ToJsonString());
        using (var retrieve = s_source.StartActivity("retrieve_docs"))
        {
            retrieve?.SetTag("mlflow.spanType", "RETRIEVER");
            retrieve?.SetTag("mlflow.spanInputs", new JsonObject { ["query"] = question }.ToJsonString());
            retrieve?.SetTag("mlflow.spanOutputs", new JsonArray(new JsonObject { ["page_content"] = "MLflow tracks GenAI apps.", ["metadata"] = new JsonObject { ["doc_uri"] = "docs/mlflow.md" } }).ToJsonString());
        }

        var answer = question.Contains("MLflow", StringComparison.Ordinal)
            ? "MLflow is an open-source platform for tracking and evaluating GenAI apps."
            : $"Here is what the docs say about: {question}";
        root?.SetTag("mlflow.spanOutputs", JsonValue.Create(answer).ToJsonString());
        return answer;
    }
}
