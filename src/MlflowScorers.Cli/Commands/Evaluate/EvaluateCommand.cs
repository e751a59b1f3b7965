using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Commands.Traces;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;
using MlflowScorers.Cli.Commands.Monitoring;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Evaluate;

/// <summary><c>evaluate --scorer NAME... (--dataset FILE | --traces [--filter F])</c>: runs registered scorers in .NET over a
/// dataset file or a trace search with the SDK's <see cref="EvaluationHarness"/>, and with <c>--write-feedback</c> writes the
/// feedback back to the traces.</summary>
internal static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var scorers = new Option<string[]>("--scorer") { Description = "A registered scorer to run (repeat for several).", Required = true };
        var dataset = new Option<FileInfo?>("--dataset") { Description = "A JSON array or JSON Lines file of rows with inputs, outputs and expectations." };
        var traces = new Option<bool>("--traces") { Description = "Evaluate the experiment's traces instead of a dataset." };
        var filter = new Option<string?>("--filter") { Description = "With --traces: an MLflow trace filter." };
        var max = new Option<int>("--max-results") { Description = "With --traces: at most this many traces.", DefaultValueFactory = _ => 100, Validators = { AtLeastOne } };
        var judge = new JudgeOptions();
        var parallel = new Option<int>("--parallelism") { Description = "Rows scored at once.", DefaultValueFactory = _ => 4, Validators = { AtLeastOne } };
        var write = new Option<bool>("--write-feedback") { Description = "With --traces: write the feedback back to each trace." };
        var command = new Command("evaluate", "Run registered scorers over a dataset file or a trace search and show the feedback and metrics.")
        {
            scorers, dataset, traces, filter, max, parallel, write,
        };
        judge.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(dataset) is null) == !result.GetValue(traces))
            {
                result.AddError("Give exactly one of --dataset FILE and --traces.");
            }

            if (result.GetValue(write) && !result.GetValue(traces))
            {
                result.AddError("--write-feedback needs --traces: dataset rows have no trace to write to.");
            }
        });
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var client = context.Client;
            var chosen = new List<Scorer>();
            foreach (var name in parse.GetRequiredValue(scorers))
            {
                chosen.Add(await client.GetScorerAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            var rows = parse.GetValue(dataset) is { } file
                ? await DatasetFile.ReadAsync(file, cancellationToken).ConfigureAwait(false)
                : (await client.SearchTracesAsync(new TraceSearchOptions { Filter = parse.GetValue(filter), MaxResults = parse.GetValue(max) }, cancellationToken)
                    .ToListAsync(cancellationToken).ConfigureAwait(false)).Where(t => !ScorerTraces.IsScorerTrace(t.Info)).Select(ScorerContext.FromTrace).ToList();
            var judges = judge.Create(context);
            var harness = new EvaluationHarness(new ScorerRunner(judges));
            var result = await RunAsync(context, harness, rows, chosen, parse.GetValue(parallel), cancellationToken).ConfigureAwait(false);
            var written = parse.GetValue(write)
                ? (await client.WriteFeedbackAsync(result, cancellationToken).ConfigureAwait(false)).Count
                : 0;

            var document = new EvaluationDocument(
                result.Rows.Select(r => new EvaluationRowView(r.Index, r.Context.TraceId, r.Feedback.Select(FeedbackView.Of).ToList())).ToList(),
                result.Metrics,
                written);
            context.Output.Result(document, Render(document));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void AtLeastOne(System.CommandLine.Parsing.OptionResult result)
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{result.Option.Name} must be at least 1.");
        }
    }

    private static async Task<EvaluationRunResult> RunAsync(
        CommandContext context, EvaluationHarness harness, IReadOnlyList<ScorerContext> rows, IReadOnlyList<Scorer> scorers, int parallelism, CancellationToken cancellationToken)
    {
        if (!context.ShowsProgress)
        {
            return await harness.EvaluateAsync(rows, scorers, new EvaluationOptions { MaxDegreeOfParallelism = parallelism }, cancellationToken).ConfigureAwait(false);
        }

        return await context.Terminal.Console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("evaluating", maxValue: rows.Count);
            var options = new EvaluationOptions
            {
                MaxDegreeOfParallelism = parallelism,
                Progress = new Progress<EvaluationProgress>(p => task.Value = p.CompletedRows),
            };
            return await harness.EvaluateAsync(rows, scorers, options, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static Rows Render(EvaluationDocument document)
    {
        var rows = new Table().AddColumns("row", "trace id", "feedback");
        foreach (var row in document.Rows)
        {
            rows.AddRow(
                row.Index.ToString(CultureInfo.InvariantCulture),
                CommandOutput.Escape(row.TraceId ?? "-"),
                CommandOutput.Escape(string.Join(", ", row.Feedback.Select(f => $"{f.Name}={(f.ErrorCode is { } e ? "error " + e : f.Value?.ToJsonString())}"))));
        }

        var metrics = new Table().AddColumns("metric", "value");
        foreach (var (name, value) in document.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metrics.AddRow(CommandOutput.Escape(name), value.ToString("0.###", CultureInfo.InvariantCulture));
        }

        var summary = new Text(document.FeedbackWritten > 0 ? $"wrote {document.FeedbackWritten} feedback assessment(s) to the traces\n" : string.Empty);
        return new Rows(rows, metrics, summary);
    }
}

/// <summary>The JSON document of <c>evaluate</c>.</summary>
internal sealed record EvaluationDocument(IReadOnlyList<EvaluationRowView> Rows, IReadOnlyDictionary<string, double> Metrics, int FeedbackWritten);

/// <summary>One evaluated row.</summary>
internal sealed record EvaluationRowView(int Index, string? TraceId, IReadOnlyList<FeedbackView> Feedback);
