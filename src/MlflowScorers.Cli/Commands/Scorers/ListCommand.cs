using System.CommandLine;
using System.Linq;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>list</c>: the experiment's scorers, server-run and .NET-hosted, latest version each.</summary>
internal static class ListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var command = new Command("list", "List the experiment's scorers (latest version of each).");
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var scorers = await context.Client.ListScorersAsync(cancellationToken: cancellationToken)
                .Select(ScorerView.Of).ToListAsync(cancellationToken).ConfigureAwait(false);
            context.Output.Result(new ScorerListDocument(scorers), ScorerView.Table(scorers));
            return 0;
        });
        return command;
    }
}
