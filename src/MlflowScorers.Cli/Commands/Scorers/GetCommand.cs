using System.CommandLine;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>get NAME [--version N]</c>: one scorer.</summary>
internal static class GetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var version = ScorerArguments.Version("The version to show; default the latest.");
        var command = new Command("get", "Show one registered scorer.") { name, version };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var scorer = await context.Client.GetScorerAsync(
                context.ParseResult.GetRequiredValue(name), context.ParseResult.GetValue(version), cancellationToken: cancellationToken).ConfigureAwait(false);
            var view = ScorerView.Of(scorer);
            context.Output.Result(new ScorerDocument(view), ScorerView.Table([view]));
            return 0;
        });
        return command;
    }
}
