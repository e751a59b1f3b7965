// Seed guide, "Manage scheduled scorers": the lifecycle of a built-in and a custom scorer, listing, updating through
// get, stopping, deleting, restarting, and immutable updates.
using System;
using System.Threading.Tasks;
using MlflowScorers;

await using var client = new MlflowClient();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");

// Built-in scorer lifecycle. On a server that cannot run this judge online, it runs in .NET instead.
var safetyScorer = await StartSafetyAsync("safety_check", new ScorerSamplingConfig(1.0));
safetyScorer = await safetyScorer.UpdateAsync(client, new ScorerSamplingConfig(0.8));
safetyScorer = await safetyScorer.StopAsync(client);
await safetyScorer.DeleteAsync(client);
Console.WriteLine("safety_check: registered, started, updated, stopped, deleted");

// Custom scorer lifecycle: a C# function, run by .NET.
var lengthScorer = await new CodeScorer
{
    Name = "response_length",
    Evaluate = (context, _) => ValueTask.FromResult<object?>(context.Outputs?["response"]?.ToString().Length ?? 0),
}.RegisterAsync(client, name: "length_check");
lengthScorer = await lengthScorer.StartAsync(client, new ScorerSamplingConfig(0.5));

// List all registered scorers.
await foreach (var scorer in client.ListScorersAsync())
{
    Console.WriteLine($"Name: {scorer.Name}");
    Console.WriteLine($"Sample rate: {scorer.SampleRate}");
    Console.WriteLine($"Filter: {scorer.FilterString}");
    Console.WriteLine("---");
}

// Get an existing scorer and update it: the original instance keeps its rate.
var monitor = await client.GetScorerAsync("length_check");
var updated = await client.UpdateAsync(monitor, new ScorerSamplingConfig(0.8));
Console.WriteLine($"Original sample rate: {monitor.SampleRate}");
Console.WriteLine($"Updated sample rate: {updated.SampleRate}");

// Stop (rate 0, still registered), delete, then restart from the stopped instance by registering it again.
var stopped = await client.StopAsync(updated);
Console.WriteLine($"Sample rate after stop: {stopped.SampleRate}");
await client.DeleteScorerAsync(stopped.Name);
var restarted = await client.StartAsync(await client.RegisterAsync(stopped), new ScorerSamplingConfig(0.5));
Console.WriteLine($"Restarted {restarted.Name} at {restarted.SampleRate}");

// Immutable updates.
var original = await StartSafetyAsync("safety", new ScorerSamplingConfig(0.3));
var updatedScorer = await original.UpdateAsync(client, new ScorerSamplingConfig(0.8));
Console.WriteLine($"Original: {original.SampleRate}");
Console.WriteLine($"Updated: {updatedScorer.SampleRate}");

await client.DeleteAsync(restarted);
await client.DeleteAsync(updatedScorer);

// Starts a Safety judge where the backend runs it; where it cannot (MLflow 3.6, or a judge without a gateway model), says
// so in one line and runs it in .NET instead (ScorerHost.DotNet), which every backend supports.
async Task<Safety> StartSafetyAsync(string name, ScorerSamplingConfig config)
{
    var registered = await new Safety().RegisterAsync(client, name: name);
    try
    {
        return await registered.StartAsync(client, config);
    }
    catch (ScorerOperationNotSupportedException e)
    {
        Console.WriteLine($"{name} cannot run on the server here ({e.Message.Split('\n')[0]}); running it in .NET instead.");
        await registered.DeleteAsync(client);
        return await (await new Safety { Host = ScorerHost.DotNet }.RegisterAsync(client, name: name)).StartAsync(client, config);
    }
}
