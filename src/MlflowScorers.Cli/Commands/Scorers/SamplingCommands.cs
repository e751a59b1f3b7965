using System.CommandLine;
using System.Globalization;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary><c>start</c>, <c>update</c> and <c>stop</c>: the sampling lifecycle of a registered scorer, through the same
/// client calls as <c>scorer.StartAsync</c> / <c>UpdateAsync</c> / <c>StopAsync</c>.</summary>
internal static class SamplingCommands
{
    /// <summary><c>start NAME --sample-rate R [--filter F]</c>.</summary>
    public static Command Start(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var rate = ScorerArguments.SampleRate(required: true);
        var filter = ScorerArguments.Filter("Score only traces that match this MLflow trace filter, e.g. \"tags.env = 'prod'\".");
        var command = new Command("start", "Start scoring production traces with a registered scorer.") { name, rate, filter };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var scorer = await client.GetScorerAsync(context.ParseResult.GetRequiredValue(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            var config = new ScorerSamplingConfig(context.ParseResult.GetValue(rate), context.ParseResult.GetValue(filter));
            var started = await client.StartAsync(scorer, config, cancellationToken).ConfigureAwait(false);
            return Report(context, "started", started);
        });
        return command;
    }

    /// <summary><c>update NAME [--sample-rate R] [--filter F]</c>: what is not given is kept; <c>--filter ""</c> clears it.</summary>
    public static Command Update(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var rate = ScorerArguments.SampleRate(required: false);
        var filter = ScorerArguments.Filter("The new trace filter; \"\" clears it; omitted keeps the current one.");
        var command = new Command("update", "Change the sample rate or filter of a scorer (what is not given is kept).") { name, rate, filter };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var newRate = context.ParseResult.GetValue(rate);
            var newFilter = context.ParseResult.GetValue(filter);
            if (newRate is null && newFilter is null)
            {
                throw new CliUsageException("update needs --sample-rate, --filter or both: nothing would change.");
            }

            var client = context.Client;
            var scorer = await client.GetScorerAsync(context.ParseResult.GetRequiredValue(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            var updated = await client.UpdateAsync(scorer, new ScorerSamplingConfig(newRate, newFilter), cancellationToken).ConfigureAwait(false);
            return Report(context, "updated", updated);
        });
        return command;
    }

    /// <summary><c>stop NAME</c>: sample rate 0; the filter is kept for a later start.</summary>
    public static Command Stop(CliActions actions)
    {
        var name = ScorerArguments.Name();
        var command = new Command("stop", "Stop a scorer (sample rate 0; the registration and filter are kept).") { name };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var scorer = await client.GetScorerAsync(context.ParseResult.GetRequiredValue(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            var stopped = await client.StopAsync(scorer, cancellationToken).ConfigureAwait(false);
            return Report(context, "stopped", stopped);
        });
        return command;
    }

    private static int Report(CommandContext context, string verb, Scorer scorer)
    {
        var view = ScorerView.Of(scorer);
        context.Output.Result(
            new ScorerDocument(view),
            $"{verb} {view.Name} (version {view.Version?.ToString(CultureInfo.InvariantCulture) ?? "-"}): {view.Status}, sample rate {view.SampleRate?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-"}, filter {view.FilterString ?? "-"}");
        return ExitCodes.Success;
    }
}
