using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;
using Spectre.Console;

namespace MlflowScorers.Cli.Commands.Traces;

/// <summary><c>traces search [--filter F] [--max-results N]</c>: the experiment's traces, newest first.</summary>
internal static class TracesCommand
{
    /// <summary>Creates <c>traces</c> and its <c>search</c> subcommand.</summary>
    public static Command Create(CliActions actions)
    {
        var filter = new Option<string?>("--filter") { Description = "An MLflow trace filter, e.g. \"attributes.status = 'OK' AND tags.env = 'prod'\"." };
        var max = new Option<int>("--max-results")
        {
            Description = "At most this many traces.",
            DefaultValueFactory = _ => 100,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--max-results must be at least 1."); } } },
        };
        var search = new Command("search", "Search the experiment's traces.") { filter, max };
        actions.Bind(search, async (context, cancellationToken) =>
        {
            var options = new TraceSearchOptions
            {
                Filter = context.ParseResult.GetValue(filter),
                MaxResults = context.ParseResult.GetValue(max),
                IncludeSpans = false,
            };
            var traces = await context.Client.SearchTracesAsync(options, cancellationToken)
                .Select(TraceView.Of).ToListAsync(cancellationToken).ConfigureAwait(false);
            context.Output.Result(new TraceListDocument(traces), Table(traces));
            return 0;
        });
        return new Command("traces", "Read the experiment's traces.") { search };
    }

    private static Table Table(IEnumerable<TraceView> traces)
    {
        var table = new Table().AddColumns("trace id", "time (UTC)", "state", "duration ms", "request", "response", "assessments");
        foreach (var t in traces)
        {
            table.AddRow(
                CommandOutput.Escape(t.TraceId),
                t.RequestTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                CommandOutput.Escape(t.State ?? "-"),
                t.ExecutionMs?.ToString("0", CultureInfo.InvariantCulture) ?? "-",
                CommandOutput.Escape(Shorten(t.RequestPreview)),
                CommandOutput.Escape(Shorten(t.ResponsePreview)),
                t.AssessmentCount.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string Shorten(string? text) =>
        text is null ? "-" : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 39), "…");
}

/// <summary>The JSON form of one trace's summary.</summary>
internal sealed record TraceView(
    string TraceId,
    DateTimeOffset? RequestTime,
    double? ExecutionMs,
    string? State,
    string? RequestPreview,
    string? ResponsePreview,
    IReadOnlyDictionary<string, string> Tags,
    int AssessmentCount)
{
    /// <summary>The view of a trace.</summary>
    public static TraceView Of(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var info = trace.Info;
        return new(info.TraceId, info.RequestTime, info.ExecutionDuration?.TotalMilliseconds, info.State,
            info.RequestPreview, info.ResponsePreview, info.Tags, info.Assessments.Count);
    }
}

/// <summary>The JSON document of <c>traces search</c>.</summary>
/// <param name="Traces">The traces found.</param>
internal sealed record TraceListDocument(IReadOnlyList<TraceView> Traces);
