// DatabricksArchival: the seed guide's "Archive traces" on a Databricks workspace. It starts archiving the experiment's traces
// (and their assessments) to a Unity Catalog Delta table, then stops, and shows the two refusals the SDK types:
//   enabling again is TraceArchivalFailure.AlreadyConfigured (HTTP 409), disabling again is TraceArchivalFailure.NotConfigured (HTTP 404).
// The table is the first argument, catalog.schema.table (default my_catalog.my_schema.archived_traces); the workspace creates
// it if it does not exist and appends to it otherwise, and you need the permissions to write it.
// Settings: DATABRICKS_HOST, one way to sign in, and MLFLOW_EXPERIMENT_ID (see samples/Shared/DatabricksWorkspace.cs); without
// them, or with a table name that is not catalog.schema.table, the sample says what it needs and exits with code 2.
using System;
using MlflowScorers;
using MlflowScorers.Samples;

const string Sample = "DatabricksArchival";
var table = args.Length > 0 ? args[0] : "my_catalog.my_schema.archived_traces";
try
{
    await using var client = await DatabricksWorkspace.ConnectAsync(Sample);
    if (client is null)
    {
        return DatabricksWorkspace.MissingSettingsExitCode;
    }

    var experimentId = await client.GetActiveExperimentIdAsync();
    Console.WriteLine($"Backend: {(await client.GetBackendInfoAsync()).Description}; experiment {experimentId}");

    // Enable archival: the experiment's traces go to the Delta table.
    try
    {
        var jobId = await client.EnableTraceArchivalAsync(table);
        Console.WriteLine($"Enabled: the traces of experiment {experimentId} are archived to {table} (archival job {jobId}).");
    }
    catch (TraceArchivalException e) when (e.Reason == TraceArchivalFailure.AlreadyConfigured)
    {
        Console.WriteLine($"Already archiving, from an earlier run: {Describe(e)}");
    }

    // An experiment archives to one table at a time: enabling again is refused.
    try
    {
        await client.EnableTraceArchivalAsync(table);
        Console.WriteLine("Enabling again: the workspace accepted it.");
    }
    catch (TraceArchivalException e) when (e.Reason == TraceArchivalFailure.AlreadyConfigured)
    {
        Console.WriteLine($"Enabling again: {Describe(e)}");
    }

    // Disable archival: the table keeps what was archived.
    await client.DisableTraceArchivalAsync();
    Console.WriteLine($"Disabled: experiment {experimentId} no longer archives its traces.");

    // Disabling again is refused: the workspace cannot tell "archives nothing" from "no such experiment".
    try
    {
        await client.DisableTraceArchivalAsync();
        Console.WriteLine("Disabling again: the workspace accepted it.");
    }
    catch (TraceArchivalException e) when (e.Reason == TraceArchivalFailure.NotConfigured)
    {
        Console.WriteLine($"Disabling again: {Describe(e)}");
    }

    return 0;
}
catch (ArgumentException e)
{
    // The table name is checked before anything is sent.
    Console.Error.WriteLine($"{Sample}: {e.Message}");
    return DatabricksWorkspace.MissingSettingsExitCode;
}
catch (MlflowException e)
{
    // Among others TraceArchivalFailure.ExperimentNotFound: the workspace does not know the experiment.
    Console.Error.WriteLine($"{Sample} failed: {e.Message}");
    return 1;
}

static string Describe(TraceArchivalException e) => $"{e.Reason} (HTTP {(int)e.StatusCode} {e.ErrorCode}): {e.Message}";
