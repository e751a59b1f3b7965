using System.CommandLine;
using System.Globalization;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>delete NAME [--version N | --all]</c>. Without either, the latest version is deleted, as Python's
/// <c>delete_scorer(name=...)</c> does. <c>--all</c> asks for confirmation first.</summary>
internal static class DeleteCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var version = ScorerArguments.Version("Delete this version only.");
        var all = new Option<bool>("--all") { Description = "Delete every version (asks first; --yes skips the question)." };
        var command = new Command("delete", "Delete a scorer version, or with --all the scorer and every version.") { name, version, all };
        command.Validators.Add(result =>
        {
            if (result.GetValue(version) is not null && result.GetValue(all))
            {
                result.AddError("--version and --all cannot be given together: choose one version or all of them.");
            }
        });
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var scorerName = context.ParseResult.GetRequiredValue(name);
            if (context.ParseResult.GetValue(all))
            {
                context.Confirm($"Delete every version of scorer '{scorerName}'");
                await client.DeleteScorerAsync(scorerName, cancellationToken: cancellationToken).ConfigureAwait(false);
                context.Output.Result(new DeleteDocument(scorerName, null, true), $"deleted {scorerName}: every version");
                return ExitCodes.Success;
            }

            var target = context.ParseResult.GetValue(version)
                ?? (await client.GetScorerAsync(scorerName, cancellationToken: cancellationToken).ConfigureAwait(false)).Version
                ?? throw new CliUsageException($"Scorer '{scorerName}' has no version number to delete; use --all.");
            await client.DeleteScorerVersionAsync(scorerName, target, cancellationToken: cancellationToken).ConfigureAwait(false);
            context.Output.Result(new DeleteDocument(scorerName, target, false), $"deleted {scorerName} version {target.ToString(CultureInfo.InvariantCulture)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON document of <c>delete</c>.</summary>
    /// <param name="Name">The scorer.</param>
    /// <param name="Version">The deleted version, or null with <paramref name="AllVersions"/>.</param>
    /// <param name="AllVersions">Whether every version was deleted.</param>
    internal sealed record DeleteDocument(string Name, int? Version, bool AllVersions);
}
