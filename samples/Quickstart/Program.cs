// Quickstart: the whole scorer lifecycle, offline. With no MLFLOW_TRACKING_URI set, the client uses the embedded default,
// sqlite:///mlflow.db in the working directory (MLflow's own default and schema).
using System;
using System.Threading.Tasks;
using MlflowScorers;

await using var client = new MlflowClient(new MlflowClientOptions { ExperimentName = "quickstart" });
var backend = await client.GetBackendInfoAsync();
Console.WriteLine($"Backend: {backend.Description}");
Console.WriteLine($"Experiment: {await client.GetActiveExperimentIdAsync()} (quickstart)");

// Register: each call returns a new, stopped scorer.
var safety = await new Safety().RegisterAsync(client, name: "quickstart_safety");
var english = await new Guidelines("The response must be in English.").RegisterAsync(client, name: "quickstart_english");
var length = await new CodeScorer
{
    Name = "response_length",
    Aggregations = [Aggregation.Mean, Aggregation.Min, Aggregation.Max],
    Evaluate = (context, _) => ValueTask.FromResult<object?>(context.Outputs?.ToJsonString().Length),
}.RegisterAsync(client, name: "quickstart_length");
Print("registered", safety, english, length);

// Start: sample 70% of traces for safety, only production traces for the guideline check, every trace for length.
var startedSafety = await safety.StartAsync(client, new ScorerSamplingConfig(0.7));
var startedEnglish = await english.StartAsync(client, new ScorerSamplingConfig(0.5, "tags.env = 'prod'"));
var startedLength = await length.StartAsync(client, new ScorerSamplingConfig(1.0));
Print("started", startedSafety, startedEnglish, startedLength);

// Update: a new instance; the receiver keeps its old rate.
var updatedSafety = await startedSafety.UpdateAsync(client, new ScorerSamplingConfig(0.9));
Console.WriteLine($"updated    {updatedSafety.Name}: {startedSafety.SampleRate} -> {updatedSafety.SampleRate} (the original instance still says {startedSafety.SampleRate})");

Console.WriteLine("list:");
await foreach (var scorer in client.ListScorersAsync())
{
    Console.WriteLine($"  {scorer.Name,-22} {scorer.Kind,-12} runs on {scorer.Host,-6} v{scorer.Version} {scorer.Status,-9} rate={scorer.SampleRate} filter={scorer.FilterString ?? "-"}");
}

// Stop, then delete. Stopping keeps the registration; deleting removes every version.
var stopped = await updatedSafety.StopAsync(client);
Console.WriteLine($"stopped    {stopped.Name}: status {stopped.Status}, rate {stopped.SampleRate}");
foreach (var scorer in new Scorer[] { stopped, startedEnglish, startedLength })
{
    var deleted = await client.DeleteAsync(scorer);
    Console.WriteLine($"deleted    {deleted.Name}: status {deleted.Status}");
}

await foreach (var left in client.ListScorersAsync())
{
    Console.WriteLine($"still registered: {left.Name}");
}

Console.WriteLine("Done.");

static void Print(string verb, params Scorer[] scorers)
{
    foreach (var s in scorers)
    {
        Console.WriteLine($"{verb,-10} {s.Name}: {s.Status}, version {s.Version}, rate {s.SampleRate}, filter {s.FilterString ?? "-"}");
    }
}
