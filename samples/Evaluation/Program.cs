// Runs the seed guide's scorers inside .NET: the custom scorers ("custom scorer functions") on a small in-memory dataset,
// offline; then your app's own function, two versions of it, each evaluation recorded as an MLflow run in a local database
// and the two runs compared; then, when a judge model is configured, the prompt-based formality scorer and two built-in judges.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using MlflowScorers;

ScorerContext[] dataset =
[
    Row("What is Databricks SQL?", "Databricks SQL is the data warehouse on the Databricks platform."),
    Row("How do I track experiments?", "Use mlflow.start_run() and log parameters and metrics."),
    Row("Can you recommend a good book?", "Hey buddy! Grab any sci-fi novel, you'll love it."),
    Row("What is Delta Lake?", "Delta Lake is an open storage layer that Databricks created."),
];

// The seed guide's custom scorers, as C# delegates.
var mentionsDatabricks = CodeScorer.FromOutputs("mentions_databricks",
    outputs => Text(outputs?["response"]).Contains("databricks", StringComparison.OrdinalIgnoreCase));
var responseLength = CodeScorer.FromOutputs("response_length", outputs => Text(outputs?["response"]).Length) with
{
    Aggregations = [Aggregation.Mean, Aggregation.Min, Aggregation.Max],
};
var responseRelevanceScore = CodeScorer.FromInputsAndOutputs("response_relevance_score", (inputs, outputs) =>
{
    var queryWords = Words(inputs?["query"]);
    if (queryWords.Count == 0)
    {
        return 0.0;
    }

    return (double)queryWords.Intersect(Words(outputs?["response"])).Count() / queryWords.Count;
});

Console.WriteLine("Custom scorers (offline):");
var offline = await new EvaluationHarness(new ScorerRunner())
    .EvaluateAsync(dataset, [mentionsDatabricks, responseLength, responseRelevanceScore]);
Print(offline);

// Your app: the function production calls. Each version answers every question of the dataset; the same scorers score the
// answers, each evaluation becomes a run (metrics {scorer}/{aggregation}) in a local MLflow database, and the runs are compared.
Console.WriteLine();
Console.WriteLine("Your app, version 1 against version 2 (offline, local MLflow database):");
var databasePath = Path.Combine(Path.GetTempPath(), $"mlflowscorers-evaluation-sample-{Guid.NewGuid():N}.db");
await using (var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + databasePath, ExperimentName = "evaluation-sample" }))
{
    var appScorers = new Scorer[] { mentionsDatabricks, responseLength };
    var runs = new List<EvaluationRun>();
    foreach (var (version, app) in new (string, Func<string, string>)[] { ("v1", AnswerV1), ("v2", AnswerV2) })
    {
        var answered = dataset.Select(row => row with { Outputs = new JsonObject { ["response"] = app(Text(row.Inputs?["query"])) } }).ToArray();
        var result = await new EvaluationHarness(new ScorerRunner()).EvaluateAsync(answered, appScorers);
        runs.Add(await client.LogEvaluationRunAsync(result, runName: $"app-{version}"));
    }

    var comparison = EvaluationComparison.Compare(runs[0].Result, runs[1].Result);
    foreach (var metric in comparison.Metrics)
    {
        Console.WriteLine($"  {metric.Name}: {metric.Baseline:0.###} -> {metric.Candidate:0.###} ({metric.Difference:+0.###;-0.###;0})");
    }

    foreach (var change in comparison.ChangedVerdicts.Where(c => c.Name == mentionsDatabricks.Name))
    {
        Console.WriteLine($"  row {change.Index} ({Text(change.Context.Inputs?["query"])}): {change.Name} {change.Baseline?.Value?.ToJsonString()} -> {change.Candidate?.Value?.ToJsonString()}");
    }

    Console.WriteLine($"  Runs {runs[0].RunId} and {runs[1].RunId} are in {databasePath} (open it with `mlflow server --backend-store-uri sqlite:///{databasePath}`).");
}

var model = Environment.GetEnvironmentVariable("MLFLOW_JUDGE_MODEL");
var options = new JudgeRuntimeOptions
{
    OpenAIApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
    DatabricksToken = Environment.GetEnvironmentVariable("DATABRICKS_TOKEN"),
};
if (Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { Length: > 0 } baseUrl)
{
    options.OpenAIBaseUrl = new Uri(baseUrl);
}

if (Environment.GetEnvironmentVariable("DATABRICKS_HOST") is { Length: > 0 } host)
{
    options.DatabricksHost = new Uri(host);
}

var missing = MissingJudgeSettings(model, options);
if (missing is not null)
{
    Console.WriteLine();
    Console.WriteLine($"Judges skipped: {missing}");
    return;
}

options.DefaultModel = model!;
const string FormalityPrompt = """
    You will look at the response and determine the formality of the response.
    <request>{{request}}</request>
    <response>{{response}}</response>
    You must choose one of the following categories.
    [[formal]]: The response is very formal.
    [[semi_formal]]: The response is somewhat formal. The response is somewhat formal if the response mentions friendship, etc.
    [[not_formal]]: The response is not formal.
    """;
var formality = new PromptJudge("formality", FormalityPrompt)
{
    NumericValues = new Dictionary<string, double> { ["formal"] = 1, ["semi_formal"] = 0.5, ["not_formal"] = 0 },
};
var isEnglish = new Guidelines("The response must be in English") with { Name = "custom_is_english" };

Console.WriteLine();
Console.WriteLine($"Judges on {model}:");
var judged = await new EvaluationHarness(new ScorerRunner(new JudgeRuntime(options)))
    .EvaluateAsync(dataset, [formality, isEnglish, new Safety()], new EvaluationOptions { MaxDegreeOfParallelism = 2 });
Print(judged);

// Version 1 of the app answers briefly; version 2 names the platform it runs on.
static string AnswerV1(string question) => $"Here is what I know about that: {question.TrimEnd('?')}.";

static string AnswerV2(string question) => $"On Databricks: {question.TrimEnd('?')} is covered in the Databricks documentation.";

static ScorerContext Row(string query, string response) => new()
{
    Inputs = new JsonObject { ["query"] = query },
    Outputs = new JsonObject { ["response"] = response },
};

static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;

static HashSet<string> Words(JsonNode? node) =>
    Text(node).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet();

static string? MissingJudgeSettings(string? model, JudgeRuntimeOptions options)
{
    if (string.IsNullOrWhiteSpace(model) || !JudgeModelUri.TryParse(model, out var uri))
    {
        return "set MLFLOW_JUDGE_MODEL to a model URI such as openai:/gpt-4.1-mini or databricks:/databricks-gpt-oss-20b.";
    }

    if (uri.IsDatabricks && (options.DatabricksHost is null || options.DatabricksToken is null))
    {
        return $"{model} needs DATABRICKS_HOST and DATABRICKS_TOKEN.";
    }

    if (uri.Provider == "openai" && options.OpenAIApiKey is null && Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is null)
    {
        return $"{model} needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).";
    }

    return uri.IsDatabricks || uri.Provider == "openai"
        ? null
        : $"{model}: this sample calls openai:/ and databricks:/ models only.";
}

static void Print(EvaluationRunResult result)
{
    var names = result.Rows.SelectMany(r => r.Feedback.Select(f => f.Name)).Distinct().ToArray();
    Console.WriteLine(string.Join(" | ", new[] { "query".PadRight(32) }.Concat(names.Select(n => n.PadRight(Math.Max(n.Length, 8))))));
    foreach (var row in result.Rows)
    {
        var cells = names.Select(n =>
        {
            var feedback = row.Feedback.FirstOrDefault(f => f.Name == n);
            var cell = feedback?.Error is { } error ? $"error: {error.ErrorMessage}" : feedback?.Value?.ToJsonString() ?? "";
            return cell.PadRight(Math.Max(n.Length, 8));
        });
        var query = Text(row.Context.Inputs?["query"]);
        Console.WriteLine(string.Join(" | ", new[] { (query.Length > 32 ? query[..29] + "..." : query).PadRight(32) }.Concat(cells)));
    }

    Console.WriteLine("Aggregates:");
    foreach (var (key, value) in result.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {key} = {value.ToString("0.###", CultureInfo.InvariantCulture)}");
    }
}
