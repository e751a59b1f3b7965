// Seed guide, "Multiple scorer configuration": Safety on every trace, an English guideline on half, then list them all
// and say which are active.
using System;
using System.Threading.Tasks;
using MlflowScorers;

await using var client = new MlflowClient();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");

// A server that cannot run a judge online says so in one line; the scorer stays registered and stopped.
var safety = await new Safety().RegisterAsync(client, name: "safety");
await TryStartAsync(safety, new ScorerSamplingConfig(1.0));
var guidelines = await new Guidelines("Response must be in English") { Name = "english" }.RegisterAsync(client, name: "english_check");
await TryStartAsync(guidelines, new ScorerSamplingConfig(0.5));

await foreach (var scorer in client.ListScorersAsync())
{
    Console.WriteLine(scorer.SampleRate > 0 ? $"{scorer.Name} is active" : $"{scorer.Name} is stopped");
}

foreach (var name in new[] { "safety", "english_check" })
{
    await client.DeleteScorerAsync(name);
}

async Task TryStartAsync(Scorer scorer, ScorerSamplingConfig config)
{
    try
    {
        await client.StartAsync(scorer, config);
    }
    catch (ScorerOperationNotSupportedException e)
    {
        Console.WriteLine($"{scorer.Name} cannot start here: {e.Message.Split('\n')[0]}");
    }
}
