using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace MlflowScorers.Cli.Commands.Trend;

/// <summary>
/// Renders the quality trend as one self-contained HTML page: an inline SVG chart per scorer (pass rate for yes/no feedback,
/// else the mean, one point per bucket, with the count and errors under each point) and a table of the numbers. The page
/// has no script and loads nothing (no font, stylesheet, image or link outside the file), so it opens in any browser offline.
/// It is also well-formed XML, so tools can read it back.
/// </summary>
internal static class TrendHtmlReport
{
    private const int Width = 760;
    private const int Height = 280;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 20;
    private const int PlotHeight = 170;
    private const int CountTop = 215;
    private const int CountHeight = 40;

    /// <summary>Renders the page.</summary>
    /// <param name="trend">The trend to draw.</param>
    /// <param name="trackingUri">Shown in the heading (the tracking URI never holds a secret: credentials come from settings).</param>
    /// <param name="generatedAt">When the page was made.</param>
    public static string Render(TrendDocument trend, string trackingUri, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>MLflow scorer quality trend</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1f2933;background:#fff}")
            .Append("h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}.meta{color:#52606d}")
            .Append("table{border-collapse:collapse;margin-top:.5rem}td,th{border:1px solid #cbd2d9;padding:.2rem .6rem;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}.axis{stroke:#9aa5b1;stroke-width:1}.grid{stroke:#e4e7eb;stroke-width:1}")
            .Append(".line{fill:none;stroke:#2563eb;stroke-width:2}.point{fill:#2563eb}.point.has-errors{fill:#dc2626}.point.no-value{fill:#9aa5b1}")
            .Append(".count{fill:#93c5fd}.errors{fill:#fca5a5}text{font-size:11px;fill:#52606d}\n</style>\n</head>\n<body>\n")
            .Append("<h1>MLflow scorer quality trend</h1>\n<p class=\"meta\">")
            .Append(Encode($"{trackingUri} · {Time(trend.Start, TrendBucket.Hour)} to {Time(trend.End, TrendBucket.Hour)} UTC · per {trend.Bucket.ToString().ToLowerInvariant()} · generated {Time(generatedAt, TrendBucket.Hour)} UTC"))
            .Append("</p>\n");

        var groups = trend.Points.GroupBy(p => p.ScorerName, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            html.Append("<p>No feedback in this time range.</p>\n");
        }

        foreach (var group in groups)
        {
            AppendScorer(html, group.Key, group.OrderBy(p => p.BucketStart).ToList(), trend.Bucket);
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendScorer(StringBuilder html, string scorer, List<TrendPointView> points, TrendBucket bucket)
    {
        var isPassRate = points.Any(p => p.PassRate is not null);
        var metric = isPassRate ? "pass rate" : "mean";
        var values = points.Select(p => isPassRate ? p.PassRate : p.Mean).ToList();
        var (low, high) = isPassRate ? (0.0, 1.0) : Range(values);
        var maxCount = Math.Max(1, points.Max(p => p.Count));
        var plotWidth = Width - Left - Right;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(double v) => Top + PlotHeight - ((v - low) / (high - low) * PlotHeight);

        html.Append("<section class=\"scorer\" data-scorer=\"").Append(Encode(scorer)).Append("\" data-metric=\"").Append(metric).Append("\">\n")
            .Append("<h2>").Append(Encode(scorer)).Append(" — ").Append(metric).Append("</h2>\n")
            .Append("<svg class=\"chart\" width=\"").Append(Width).Append("\" height=\"").Append(Height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"")
            .Append(Encode($"{scorer} {metric} per {bucket.ToString().ToLowerInvariant()}")).Append("\">\n");

        for (var tick = 0; tick <= 4; tick++)
        {
            var v = low + ((high - low) * tick / 4);
            var y = Number(Y(v));
            html.Append("<line class=\"grid\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\" />\n")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(y).Append("\" text-anchor=\"end\">")
                .Append(isPassRate ? Number(v * 100) + "%" : Number(v)).Append("</text>\n");
        }

        html.Append("<line class=\"axis\" x1=\"").Append(Left).Append("\" x2=\"").Append(Left).Append("\" y1=\"").Append(Top).Append("\" y2=\"").Append(Top + PlotHeight).Append("\" />\n");
        var line = points.Select((p, i) => values[i] is { } v ? $"{Number(X(i))},{Number(Y(v))}" : null).Where(s => s is not null).ToList();
        if (line.Count > 1)
        {
            html.Append("<polyline class=\"line\" points=\"").Append(string.Join(' ', line)).Append("\" />\n");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = Number(X(i));
            var label = Time(p.BucketStart, bucket);
            var kind = values[i] is null ? "point no-value" : p.ErrorCount > 0 ? "point has-errors" : "point";
            html.Append("<circle class=\"").Append(kind).Append("\" cx=\"").Append(x).Append("\" cy=\"").Append(Number(values[i] is { } v ? Y(v) : Top + PlotHeight))
                .Append("\" r=\"4\" data-bucket=\"").Append(p.BucketStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                .Append("\" data-value=\"").Append(values[i] is { } dv ? Number(dv) : string.Empty)
                .Append("\" data-count=\"").Append(p.Count).Append("\" data-errors=\"").Append(p.ErrorCount).Append("\"><title>")
                .Append(Encode($"{label}: {metric} {(values[i] is { } tv ? (isPassRate ? Number(tv * 100) + "%" : Number(tv)) : "none")}, {p.Count} feedback, {p.ErrorCount} error(s)"))
                .Append("</title></circle>\n");
            var countHeight = CountHeight * p.Count / (double)maxCount;
            var errorHeight = CountHeight * p.ErrorCount / (double)maxCount;
            html.Append("<rect class=\"count\" x=\"").Append(Number(X(i) - 6)).Append("\" y=\"").Append(Number(CountTop + CountHeight - countHeight))
                .Append("\" width=\"12\" height=\"").Append(Number(countHeight)).Append("\" />\n");
            if (p.ErrorCount > 0)
            {
                html.Append("<rect class=\"errors\" x=\"").Append(Number(X(i) - 6)).Append("\" y=\"").Append(Number(CountTop + CountHeight - errorHeight))
                    .Append("\" width=\"12\" height=\"").Append(Number(errorHeight)).Append("\" />\n");
            }

            html.Append("<text x=\"").Append(x).Append("\" y=\"").Append(Height - 4).Append("\" text-anchor=\"middle\">").Append(Encode(Short(p.BucketStart, bucket))).Append("</text>\n");
        }

        html.Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(CountTop + CountHeight).Append("\" text-anchor=\"end\">count</text>\n</svg>\n")
            .Append("<table><thead><tr><th>bucket (UTC)</th><th>count</th><th>errors</th><th>pass rate</th><th>mean</th><th>min</th><th>max</th><th>p90</th></tr></thead><tbody>\n");
        foreach (var p in points)
        {
            html.Append("<tr><td>").Append(Encode(Time(p.BucketStart, bucket))).Append("</td><td>").Append(p.Count).Append("</td><td>").Append(p.ErrorCount)
                .Append("</td><td>").Append(Optional(p.PassRate is { } r ? r * 100 : null, "%")).Append("</td><td>").Append(Optional(p.Mean)).Append("</td><td>")
                .Append(Optional(p.Min)).Append("</td><td>").Append(Optional(p.Max)).Append("</td><td>").Append(Optional(p.P90)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</section>\n");
    }

    private static (double Low, double High) Range(IReadOnlyList<double?> values)
    {
        var known = values.OfType<double>().ToList();
        if (known.Count == 0)
        {
            return (0, 1);
        }

        var (low, high) = (Math.Min(0, known.Min()), known.Max());
        return high - low < 1e-9 ? (low, low + 1) : (low, high);
    }

    private static string Time(DateTimeOffset time, TrendBucket bucket) =>
        time.UtcDateTime.ToString(bucket == TrendBucket.Day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Short(DateTimeOffset time, TrendBucket bucket) =>
        time.UtcDateTime.ToString(bucket == TrendBucket.Day ? "MM-dd" : "dd HH:mm", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Optional(double? value, string suffix = "") => value is { } v ? Number(v) + suffix : "-";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
