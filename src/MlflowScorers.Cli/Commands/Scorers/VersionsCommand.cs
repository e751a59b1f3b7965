using System.CommandLine;
using System.Linq;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>versions NAME</c>: every version of one scorer.</summary>
internal static class VersionsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var command = new Command("versions", "List every version of one scorer.") { name };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var versions = await context.Client.ListScorerVersionsAsync(context.ParseResult.GetRequiredValue(name), cancellationToken: cancellationToken)
                .Select(ScorerView.Of).ToListAsync(cancellationToken).ConfigureAwait(false);
            context.Output.Result(new ScorerListDocument(versions), ScorerView.Table(versions));
            return 0;
        });
        return command;
    }
}
