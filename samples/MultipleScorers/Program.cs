// Seed guide, "Multiple scorer configuration": Safety on every trace, an English guideline on half, then list them all
// and say which are active.
using System;
using System.Collections.Generic;
using MlflowScorers;

await using var client = new MlflowClient();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");

var registered = new List<Scorer>();
try
{
    var safety = await new Safety().RegisterAsync(client, name: "safety");
    registered.Add(safety);
    registered.Add(await safety.StartAsync(client, new ScorerSamplingConfig(1.0)));

    var guidelines = await new Guidelines("Response must be in English") { Name = "english" }.RegisterAsync(client, name: "english_check");
    registered.Add(guidelines);
    registered.Add(await guidelines.StartAsync(client, new ScorerSamplingConfig(0.5)));
}
catch (ScorerOperationNotSupportedException e)
{
    Console.WriteLine($"Not every scorer could start here: {e.Message}");
}

await foreach (var scorer in client.ListScorersAsync())
{
    Console.WriteLine(scorer.SampleRate > 0 ? $"{scorer.Name} is active" : $"{scorer.Name} is stopped");
}

foreach (var name in new[] { "safety", "english_check" })
{
    await client.DeleteScorerAsync(name);
}
