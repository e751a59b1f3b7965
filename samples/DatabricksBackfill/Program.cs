// DatabricksBackfill: the seed guide's "Evaluate historical traces (metric backfill)" on a Databricks workspace. It registers
// and starts the guide's two scorers at a sample rate of 0.5, then runs the guide's three backfills, one
// ScorerMonitor.BackfillAsync call each:
//   1. by name, at the registered sample rates (no time range: the last 7 days);
//   2. with BackfillScorerConfig sample rates (0.8 and 0.9) and a time range (2024-06-01 to 2024-06-30, UTC);
//   3. last week's traces, at those higher rates.
// safety_check is a scheduled scorer: the workspace's managed-evals backfill job scores it, and the sample prints the job's id
// (the experiment needs a monitor, whose serving endpoint the job runs through). response_length is a C# function, so this
// process scores it over the same window and prints the counts.
// Settings: DATABRICKS_HOST, one way to sign in, and MLFLOW_EXPERIMENT_ID (see samples/Shared/DatabricksWorkspace.cs); without
// them the sample prints what it needs and exits with code 2. With --cancel it cancels the jobs it started before exiting.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers;
using MlflowScorers.Samples;

const string Sample = "DatabricksBackfill";
var cancelJobs = args.Contains("--cancel", StringComparer.Ordinal);
try
{
    await using var client = await DatabricksWorkspace.ConnectAsync(Sample);
    if (client is null)
    {
        return DatabricksWorkspace.MissingSettingsExitCode;
    }

    var experimentId = await client.GetActiveExperimentIdAsync();
    Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}; experiment {experimentId}");

    // The guide's scorers: a built-in judge the workspace runs, and a custom scorer (here a C# function) this process runs.
    var safety = await (await new Safety().RegisterAsync(client, name: "safety_check")).StartAsync(client, new ScorerSamplingConfig(0.5));
    var responseLength = CodeScorer.FromOutputs("response_length", outputs => outputs?.ToString().Length ?? 0)
        with { Aggregations = [Aggregation.Mean, Aggregation.Min, Aggregation.Max] };
    responseLength = await (await responseLength.RegisterAsync(client)).StartAsync(client, new ScorerSamplingConfig(0.5));
    Console.WriteLine($"Registered and started {safety.Name} and {responseLength.Name} at a sample rate of 0.5.");

    var options = new ScorerMonitorOptions();
    options.ExperimentIds.Add(experimentId);
    options.Scorers.Add(responseLength); // The code behind the response_length registration.
    await using var monitor = new ScorerMonitor(client, options);
    var results = new List<BackfillResult>();

    // 1. Basic backfill: the scorers by name, at their registered sample rates.
    string[] names = [safety.Name, responseLength.Name];
    results.Add(Report("1. Basic", $"{string.Join(" and ", names)} at their registered rates", await monitor.BackfillAsync(names)));

    // 2. Custom sample rates and a time range.
    BackfillScorerConfig[] customScorers = [new(safety, 0.8), new(responseLength, 0.9)];
    var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    var end = new DateTimeOffset(2024, 6, 30, 0, 0, 0, TimeSpan.Zero);
    results.Add(Report("2. Custom rates and time range", Rates(customScorers), await monitor.BackfillAsync(customScorers, start, end)));

    // 3. Recent data: last week's traces, at the higher sample rates.
    var oneWeekAgo = DateTimeOffset.UtcNow.AddDays(-7);
    results.Add(Report("3. Last week", Rates(customScorers), await monitor.BackfillAsync(customScorers, start: oneWeekAgo)));

    var jobIds = results.SelectMany(r => r.ServerJobIds).ToList();
    if (cancelJobs)
    {
        foreach (var jobId in jobIds)
        {
            await client.CancelBackfillJobAsync(jobId);
            Console.WriteLine($"Cancelled backfill job {jobId}.");
        }
    }
    else
    {
        Console.WriteLine($"The workspace runs {jobIds.Count} backfill job(s); allow 15-20 minutes, then see the assessments in the experiment's Traces tab.");
    }

    return 0;
}
catch (MlflowException e)
{
    Console.Error.WriteLine($"{Sample} failed: {e.Message}");
    return 1;
}

// Prints what one backfill asked for and what it started or scored.
static BackfillResult Report(string title, string requested, BackfillResult result)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: {requested}, from {result.Start:u} to {result.End:u}"));
    Console.WriteLine($"   workspace backfill job: {(result.ServerJobIds.Count == 0 ? "none" : string.Join(", ", result.ServerJobIds))}");
    Console.WriteLine($"   scored in this process: {result.Processed} traces, {result.FeedbackWritten} feedback written, {result.FeedbackAlreadyPresent} already there");
    return result;
}

static string Rates(IEnumerable<BackfillScorerConfig> scorers) =>
    string.Join(" and ", scorers.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Scorer.Name} at {s.SampleRate}")));
