using System.CommandLine;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Archival;

/// <summary><c>archive enable TABLE</c> / <c>archive disable</c>: trace archival of the experiment to a Unity Catalog Delta
/// table (<see cref="MlflowClient.EnableTraceArchivalAsync"/>, <see cref="MlflowClient.DisableTraceArchivalAsync"/>). Databricks
/// workspaces only; <c>disable</c> asks for confirmation first.</summary>
internal static class ArchiveCommand
{
    /// <summary>Creates <c>archive</c> and its <c>enable</c> and <c>disable</c> subcommands.</summary>
    public static Command Create(CliActions actions) =>
        new("archive", "Archive the experiment's traces to a Unity Catalog Delta table (Databricks workspaces only).")
        {
            Enable(actions),
            Disable(actions),
        };

    private static Command Enable(CliActions actions)
    {
        var table = new Argument<string>("table") { Description = "The Delta table, catalog.schema.table (quote a part in backticks if it needs other characters)." };
        var command = new Command("enable", "Start archiving the experiment's traces to a Delta table.") { table };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var tableName = context.ParseResult.GetRequiredValue(table);
            var client = context.Client;
            var experimentId = await client.GetActiveExperimentIdAsync(cancellationToken).ConfigureAwait(false);
            var jobId = await client.EnableTraceArchivalAsync(tableName, experimentId, cancellationToken).ConfigureAwait(false);
            context.Output.Result(new ArchiveDocument(experimentId, true, tableName, jobId),
                $"experiment {experimentId} now archives its traces to {tableName} (job {jobId})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Disable(CliActions actions)
    {
        var command = new Command("disable", "Stop archiving the experiment's traces (asks first; --yes skips the question).");
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var experimentId = await client.GetActiveExperimentIdAsync(cancellationToken).ConfigureAwait(false);
            context.Confirm($"Stop archiving the traces of experiment '{experimentId}'");
            await client.DisableTraceArchivalAsync(experimentId, cancellationToken).ConfigureAwait(false);
            context.Output.Result(new ArchiveDocument(experimentId, false, null, null), $"experiment {experimentId} no longer archives its traces");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON document of <c>archive enable</c> and <c>archive disable</c>.</summary>
    /// <param name="ExperimentId">The experiment.</param>
    /// <param name="Archiving">Whether the experiment archives its traces after the command.</param>
    /// <param name="Table">The Delta table archived to (enable), else null.</param>
    /// <param name="JobId">The workspace's archival job (enable), else null.</param>
    internal sealed record ArchiveDocument(string ExperimentId, bool Archiving, string? Table, string? JobId);
}
