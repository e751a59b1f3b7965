using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Monitoring;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Monitoring;

/// <summary><c>backfill NAME|NAME=RATE... [--start T] [--end T]</c>: scores past traces with registered scorers through the
/// monitor's own code path (<see cref="ScorerMonitor.BackfillAsync(IEnumerable{BackfillScorerConfig}, DateTimeOffset?, DateTimeOffset?, string?, IProgress{BackfillProgress}?, CancellationToken)"/>),
/// with a progress bar; a name alone uses its registered sample rate.</summary>
internal static class BackfillCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var scorers = new Argument<string[]>("scorers")
        {
            Description = "Registered scorer names, each alone (its registered sample rate) or as name=rate (0 to 1).",
            Arity = ArgumentArity.OneOrMore,
        };
        var start = new Option<string?>("--start") { Description = "From this time (ISO 8601, or 24h / 7d back from now); default 7 days back." };
        var end = new Option<string?>("--end") { Description = "Up to this time (ISO 8601, a duration back, or now); default now." };
        var judge = new JudgeOptions();
        var command = new Command("backfill", "Score past traces in a time range with registered scorers, writing feedback exactly once.") { scorers, start, end };
        judge.AddTo(command);
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var requested = parse.GetRequiredValue(scorers).Select(Parse).ToList();
            var now = TimeProvider.System.GetUtcNow();
            var from = parse.GetValue(start) is { } s ? TimeArgument.Parse("--start", s, now) : (DateTimeOffset?)null;
            var to = parse.GetValue(end) is { } e ? TimeArgument.Parse("--end", e, now) : (DateTimeOffset?)null;
            var client = context.Client;
            var configs = new List<BackfillScorerConfig>();
            foreach (var (name, rate) in requested)
            {
                configs.Add(new BackfillScorerConfig(await client.GetScorerAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false), rate));
            }

            var options = new ScorerMonitorOptions { JudgeRuntime = judge.Create(context) };
            var monitor = new ScorerMonitor(client, options);
            await using (monitor.ConfigureAwait(false))
            {
                var result = await RunAsync(context, monitor, configs, from, to, cancellationToken).ConfigureAwait(false);
                var document = new BackfillDocument(result.ExperimentId, result.Start, result.End, result.Processed, result.Sampled,
                    result.FeedbackWritten, result.FeedbackAlreadyPresent, result.ScorerErrors, result.ServerJobIds);
                context.Output.Result(document,
                    $"backfilled {result.Start:yyyy-MM-dd HH:mm} to {result.End:yyyy-MM-dd HH:mm} UTC: {result.Processed} processed, {result.Sampled} sampled, {result.FeedbackWritten} feedback written, {result.FeedbackAlreadyPresent} already present, {result.ScorerErrors} scorer error(s)");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static async Task<BackfillResult> RunAsync(
        CommandContext context, ScorerMonitor monitor, List<BackfillScorerConfig> configs, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (!context.ShowsProgress)
        {
            return await monitor.BackfillAsync(configs, from, to, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return await context.Terminal.Console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("backfill");
            var report = new Progress<BackfillProgress>(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Processed;
            });
            return await monitor.BackfillAsync(configs, from, to, progress: report, cancellationToken: cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Reads <c>name</c> or <c>name=rate</c>.</summary>
    internal static (string Name, double? Rate) Parse(string text)
    {
        var at = text.LastIndexOf('=');
        if (at < 0)
        {
            return (text, null);
        }

        var name = text[..at];
        if (name.Length == 0 || !double.TryParse(text.AsSpan(at + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1 or double.NaN)
        {
            throw new CliUsageException($"'{text}' is not name=rate with a rate from 0 to 1.");
        }

        return (name, rate);
    }
}

/// <summary>The JSON document of <c>backfill</c>.</summary>
internal sealed record BackfillDocument(
    string ExperimentId, DateTimeOffset Start, DateTimeOffset End, int Processed, int Sampled, int FeedbackWritten, int FeedbackAlreadyPresent,
    int ScorerErrors, IReadOnlyList<string> ServerJobIds);
