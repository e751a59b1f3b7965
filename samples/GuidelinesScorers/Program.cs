// Seed guide, "Use guidelines-based LLM scorers": a pass/fail natural-language guideline, registered as "is_english" and
// started at 70%; then the same guideline judged by a Databricks serving endpoint.
using System;
using MlflowScorers;

await using var client = new MlflowClient();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");

var englishScorer = await new Guidelines("The response must be in English") { Name = "english" }.RegisterAsync(client, name: "is_english");
try
{
    englishScorer = await englishScorer.StartAsync(client, new ScorerSamplingConfig(0.7));
}
catch (ScorerOperationNotSupportedException e)
{
    Console.WriteLine($"Registered, not started: {e.Message}");
}

Console.WriteLine($"{englishScorer.Name}: {englishScorer.Status}, rules: {string.Join("; ", englishScorer.Rules)}");

var customEnglish = await new Guidelines("The response must be in English")
{
    Name = "english",
    Model = "databricks:/databricks-gpt-oss-20b",
}.RegisterAsync(client, name: "custom_is_english");
Console.WriteLine($"{customEnglish.Name}: {customEnglish.Status}, judge model {customEnglish.Model}");

await client.DeleteAsync(englishScorer);
await client.DeleteAsync(customEnglish);
