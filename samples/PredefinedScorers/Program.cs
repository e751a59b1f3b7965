// Seed guide, "Use predefined scorers": register Safety under a name and start it at 70%; then a Safety judge on a
// Databricks serving endpoint. The backend comes from MLFLOW_TRACKING_URI (default: the local sqlite:///mlflow.db).
using System;
using MlflowScorers;

await using var client = new MlflowClient();
Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}");

var safetyScorer = await new Safety().RegisterAsync(client, name: "my_safety_scorer");
try
{
    safetyScorer = await safetyScorer.StartAsync(client, new ScorerSamplingConfig(0.7));
    Console.WriteLine($"{safetyScorer.Name}: {safetyScorer.Status} at {safetyScorer.SampleRate}");
}
catch (ScorerOperationNotSupportedException e)
{
    Console.WriteLine($"{safetyScorer.Name} is registered but cannot start here: {e.Message}");
}

var customSafety = await new Safety { Model = "databricks:/databricks-gpt-oss-20b" }.RegisterAsync(client, name: "my_custom_safety_scorer");
Console.WriteLine($"{customSafety.Name}: {customSafety.Status}, judge model {customSafety.Model}");

await client.DeleteAsync(safetyScorer);
await client.DeleteAsync(customSafety);
