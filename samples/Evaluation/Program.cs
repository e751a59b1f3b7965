// Runs the seed guide's scorers inside .NET: the custom scorers ("custom scorer functions") on a small in-memory dataset,
// offline; then your app's own function as predict, two versions of it, each row traced into a local database and each
// evaluation recorded as an MLflow run, and the two runs compared; then, when a judge model is configured, the prompt-based formality scorer and two built-in judges.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
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

// Your app as predict: the function production calls, run on each question of the dataset under the same MLflow tracing it
// uses in production. Each row leaves a trace (the root span wraps the app, the app's own "retrieve_docs" span nests under it)
// in a local MLflow database, linked to an MLflow run; the traces are scored as the monitor would score them, the feedback is
// written on each trace and the metrics ({scorer}/{aggregation}) on the run. Two versions of the app, two runs, compared by id.
Console.WriteLine();
Console.WriteLine("Your app as predict, version 1 against version 2 (traced, offline, local MLflow database):");
var databasePath = Path.Combine(Path.GetTempPath(), $"mlflowscorers-evaluation-sample-{Guid.NewGuid():N}.db");
var trackingUri = "sqlite:///" + databasePath;
using var appSource = new ActivitySource("EvaluationSample.App");
await using (var client = new MlflowClient(new MlflowClientOptions { TrackingUri = trackingUri, ExperimentName = "evaluation-sample" }))
{
    var experimentId = await client.GetActiveExperimentIdAsync();
    using var tracing = MlflowTracing.CreateTracerProvider(o =>
    {
        o.TrackingUri = trackingUri;
        o.ExperimentId = experimentId;
        o.Sources.Add(appSource.Name);
    });
    var evaluator = new AppEvaluator(client, tracing, appSource);
    var questions = dataset.Select(row => row with { Outputs = null }).ToArray();
    var appScorers = new Scorer[] { mentionsDatabricks, responseLength };
    var runs = new List<EvaluationRun>();
    foreach (var (version, answer) in new (string, Func<string, string>)[] { ("v1", AnswerV1), ("v2", AnswerV2) })
    {
        runs.Add(await evaluator.EvaluateAsync(
            questions, (inputs, cancellationToken) => App(appSource, answer, inputs, cancellationToken), appScorers, new AppEvaluationOptions { RunName = $"app-{version}" }));
    }

    var firstTrace = await client.GetTraceAsync(runs[0].Result.Rows[0].Context.TraceId!);
    Console.WriteLine($"  {runs[0].Result.Rows.Count} traces per run; the first: {string.Join(" > ", firstTrace.Spans.Select(s => s.Name))}, feedback {string.Join(", ", firstTrace.Info.Assessments.Select(a => a.Name))}");
    var comparison = await client.CompareEvaluationRunsAsync(runs[0].RunId, runs[1].RunId);
    foreach (var metric in comparison.Metrics)
    {
        Console.WriteLine($"  {metric.Name}: {metric.Baseline:0.###} -> {metric.Candidate:0.###} ({metric.Difference:+0.###;-0.###;0})");
    }

    foreach (var change in comparison.ChangedVerdicts.Where(c => c.Name == mentionsDatabricks.Name))
    {
        Console.WriteLine($"  {Text(change.Context.Inputs?["query"])}: {change.Name} {change.Baseline?.Value?.ToJsonString()} -> {change.Candidate?.Value?.ToJsonString()}");
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

// The app: it looks up documents (a child span, as production records it), then answers with one of its two versions.
static async Task<JsonNode?> App(ActivitySource source, Func<string, string> answer, JsonNode? inputs, CancellationToken cancellationToken)
{
    var question = Text(inputs?["query"]);
    using (var retrieve = source.StartActivity("retrieve_docs"))
    {
        retrieve?.SetTag("mlflow.spanType", "RETRIEVER");
        await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
    }

    return new JsonObject { ["response"] = answer(question) };
}

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
