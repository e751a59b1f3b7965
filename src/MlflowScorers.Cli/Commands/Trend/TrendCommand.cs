using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Hosting;
using MlflowScorers.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MlflowScorers.Cli.Commands.Trend;

/// <summary><c>trend [--start T] [--end T] [--bucket hour|day] [--scorer NAME] [--html FILE]</c>: the quality trend per
/// scorer and bucket from <see cref="MlflowClient.GetQualityTrendAsync"/>, as a table and a terminal chart, or one
/// self-contained HTML page.</summary>
internal static class TrendCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliActions actions)
    {
        var start = new Option<string?>("--start") { Description = "From this time (ISO 8601, or 24h / 7d back from now); default one day (hour buckets) or 30 days (day buckets) back." };
        var end = new Option<string?>("--end") { Description = "Up to this time (ISO 8601, a duration back, or now); default now." };
        var bucket = new Option<TrendBucket>("--bucket") { Description = "Bucket size: hour or day.", DefaultValueFactory = _ => TrendBucket.Hour };
        var scorers = new Option<string[]>("--scorer") { Description = "Only this scorer's feedback (repeat for several); default every scorer." };
        var html = new Option<FileInfo?>("--html") { Description = "Write one self-contained HTML page (inline SVG charts, nothing loaded from the network) to this file." };
        var command = new Command("trend", "Show the quality trend per scorer: pass rate or mean per hour or day, with counts and errors.")
        {
            start, end, bucket, scorers, html,
        };
        actions.Bind(command, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var now = TimeProvider.System.GetUtcNow();
            var size = parse.GetValue(bucket);
            var to = parse.GetValue(end) is { } e ? TimeArgument.Parse("--end", e, now) : now;
            var from = parse.GetValue(start) is { } s ? TimeArgument.Parse("--start", s, now) : to - (size == TrendBucket.Hour ? TimeSpan.FromDays(1) : TimeSpan.FromDays(30));
            if (to <= from)
            {
                throw new CliUsageException($"--end ({to:O}) must be after --start ({from:O}).");
            }

            var request = new QualityTrendRequest
            {
                Start = from,
                End = to,
                Bucket = size,
                ScorerNames = parse.GetValue(scorers) is { Length: > 0 } names ? names : null,
            };
            var points = await context.Client.GetQualityTrendAsync(request, cancellationToken).ConfigureAwait(false);
            var document = new TrendDocument(from, to, size, points.Select(TrendPointView.Of).ToList());
            if (parse.GetValue(html) is { } file)
            {
                var page = TrendHtmlReport.Render(document, context.Client.TrackingUri, now);
                await File.WriteAllTextAsync(file.FullName, page, cancellationToken).ConfigureAwait(false);
                context.Output.Result(new TrendReportDocument(file.FullName, document.Points.Select(p => p.ScorerName).Distinct(StringComparer.Ordinal).Count(), document.Points.Count),
                    $"wrote {file.FullName}: {document.Points.Select(p => p.ScorerName).Distinct(StringComparer.Ordinal).Count()} scorer chart(s), {document.Points.Count} bucket(s)");
                return ExitCodes.Success;
            }

            context.Output.Result(document, Render(document));
            return ExitCodes.Success;
        });
        return command;
    }

    private static IRenderable Render(TrendDocument document)
    {
        if (document.Points.Count == 0)
        {
            return new Text($"No feedback between {document.Start:yyyy-MM-dd HH:mm} and {document.End:yyyy-MM-dd HH:mm} UTC.\n");
        }

        var table = new Table().AddColumns("scorer", "bucket (UTC)", "count", "errors", "pass rate", "mean", "min", "max", "p90");
        foreach (var p in document.Points)
        {
            table.AddRow(
                CommandOutput.Escape(p.ScorerName), Bucket(p.BucketStart, document.Bucket),
                p.Count.ToString(CultureInfo.InvariantCulture), p.ErrorCount.ToString(CultureInfo.InvariantCulture),
                Number(p.PassRate), Number(p.Mean), Number(p.Min), Number(p.Max), Number(p.P90));
        }

        var charts = document.Points.GroupBy(p => p.ScorerName, StringComparer.Ordinal).Select(group =>
        {
            var chart = new BarChart().Label($"[bold]{CommandOutput.Escape(group.Key)}[/] {(group.Any(p => p.PassRate is not null) ? "pass rate %" : "mean")}").Width(72);
            foreach (var p in group)
            {
                chart.AddItem(Bucket(p.BucketStart, document.Bucket), Math.Round(p.ChartValue is { } v ? (p.PassRate is not null ? v * 100 : v) : 0, 2), p.ErrorCount > 0 ? Color.Red : Color.Green);
            }

            return (IRenderable)chart;
        });
        return new Rows(new IRenderable[] { table }.Concat(charts));
    }

    private static string Bucket(DateTimeOffset time, TrendBucket bucket) =>
        time.UtcDateTime.ToString(bucket == TrendBucket.Day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>The JSON document of <c>trend</c>.</summary>
internal sealed record TrendDocument(DateTimeOffset Start, DateTimeOffset End, TrendBucket Bucket, IReadOnlyList<TrendPointView> Points);

/// <summary>The JSON document of <c>trend --html</c>.</summary>
internal sealed record TrendReportDocument(string Path, int ScorerCount, int PointCount);

/// <summary>One scorer's numbers in one bucket.</summary>
internal sealed record TrendPointView(
    string ScorerName, DateTimeOffset BucketStart, int Count, int ErrorCount, double? PassRate, double? Mean, double? Min, double? Max, double? P90)
{
    /// <summary>What a chart draws: the pass rate for yes/no feedback, else the mean.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? ChartValue => PassRate ?? Mean;

    /// <summary>The view of a trend point.</summary>
    public static TrendPointView Of(QualityTrendPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new(point.ScorerName, point.BucketStart, point.Count, point.ErrorCount, point.PassRate, point.Mean, point.Min, point.Max, point.P90);
    }
}
