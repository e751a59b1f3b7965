using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Monitoring;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Monitoring;

/// <summary><c>monitor</c>: runs the SDK's <see cref="ScorerMonitor"/> in the foreground, one poll after another, with a live
/// status line, until Ctrl+C (or <c>--max-polls</c>). Ending with Ctrl+C is the normal stop: the exit code is 0 and the totals
/// are printed.</summary>
internal static class MonitorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var interval = new Option<double>("--poll-interval")
        {
            Description = "Seconds between polls.",
            DefaultValueFactory = _ => 5,
            Validators = { r => { if (r.GetValueOrDefault<double>() is < 0 or double.NaN) { r.AddError("--poll-interval must be 0 or more seconds."); } } },
        };
        var maxPolls = new Option<int?>("--max-polls")
        {
            Description = "Stop after this many polls (default: run until Ctrl+C).",
            Validators = { r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--max-polls must be at least 1."); } } },
        };
        var judge = new JudgeOptions();
        var command = new Command("monitor", "Run the scorer monitor in the foreground until Ctrl+C: scores new traces with the started scorers and writes feedback.")
        {
            interval, maxPolls,
        };
        judge.AddTo(command);
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var client = context.Client;
            var experimentId = await client.GetActiveExperimentIdAsync(cancellationToken).ConfigureAwait(false);
            var options = new ScorerMonitorOptions { JudgeRuntime = judge.Create(context) };
            options.ExperimentIds.Add(experimentId);
            var monitor = new ScorerMonitor(client, options);
            await using (monitor.ConfigureAwait(false))
            {
                var totals = new MonitorTotals(monitor.InstanceId, experimentId);
                var pause = TimeSpan.FromSeconds(context.ParseResult.GetValue(interval));
                var limit = context.ParseResult.GetValue(maxPolls);
                try
                {
                    while (limit is null || totals.Polls < limit)
                    {
                        var summary = await monitor.PollOnceAsync(cancellationToken).ConfigureAwait(false);
                        totals = totals.Add(summary);
                        Status(context, totals);
                        if (limit is null || totals.Polls < limit)
                        {
                            await Task.Delay(pause, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: the normal way to stop a foreground monitor.
                }

                if (context.ShowsProgress)
                {
                    context.Terminal.Output.WriteLine();
                }

                context.Output.Result(totals, $"monitor {totals.InstanceId} stopped after {totals.Polls} poll(s): {totals.TracesSeen} traces seen, {totals.Sampled} sampled, {totals.FeedbackWritten} feedback written, {totals.ScorerErrors} scorer error(s)");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static void Status(CommandContext context, MonitorTotals totals)
    {
        if (context.ShowsProgress)
        {
            context.Terminal.Output.Write($"\r[{TimeProvider.System.GetUtcNow():HH:mm:ss}] polls {totals.Polls}  traces {totals.TracesSeen}  sampled {totals.Sampled}  feedback {totals.FeedbackWritten}  errors {totals.ScorerErrors}  partitions {totals.PartitionsHeld}   ");
        }
    }
}

/// <summary>The JSON document of <c>monitor</c>: what the run did in total.</summary>
internal sealed record MonitorTotals(string InstanceId, string ExperimentId)
{
    /// <summary>Polls made.</summary>
    public int Polls { get; init; }

    /// <summary>Traces the polls looked at.</summary>
    public int TracesSeen { get; init; }

    /// <summary>(trace, scorer) pairs sampled.</summary>
    public int Sampled { get; init; }

    /// <summary>Feedback written.</summary>
    public int FeedbackWritten { get; init; }

    /// <summary>Feedback found already written (by an earlier run or another replica).</summary>
    public int FeedbackAlreadyPresent { get; init; }

    /// <summary>Scorer runs that failed (written as error feedback).</summary>
    public int ScorerErrors { get; init; }

    /// <summary>Partitions held at the last poll.</summary>
    public int PartitionsHeld { get; init; }

    /// <summary>Adds one poll.</summary>
    public MonitorTotals Add(MonitorPollSummary poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        return this with
        {
            Polls = Polls + 1,
            TracesSeen = TracesSeen + poll.TracesSeen,
            Sampled = Sampled + poll.Sampled,
            FeedbackWritten = FeedbackWritten + poll.FeedbackWritten,
            FeedbackAlreadyPresent = FeedbackAlreadyPresent + poll.FeedbackAlreadyPresent,
            ScorerErrors = ScorerErrors + poll.ScorerErrors,
            PartitionsHeld = poll.PartitionsHeld,
        };
    }
}
