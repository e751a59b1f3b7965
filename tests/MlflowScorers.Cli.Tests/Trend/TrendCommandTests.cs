using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using MlflowScorers.Cli.Errors;
using MlflowScorers.Cli.Tests.Support;

namespace MlflowScorers.Cli.Tests.Trend;

/// <summary><c>traces search</c>, <c>feedback</c> and <c>trend</c> (table, chart, JSON, HTML) over seeded traces in three
/// hours: a yes/no scorer with a pass and a fail, a pass, and an error; a numeric scorer in two of the hours.</summary>
public sealed class TrendCommandTests
{
    private TempStore _store = null!;
    private CliHarness _cli = null!;
    private IReadOnlyList<string> _traceIds = null!;
    private DateTimeOffset _firstHour;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _store = new TempStore();
        _cli = new CliHarness(_store.TrackingUri);
        var now = TimeProvider.System.GetUtcNow();
        _firstHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-3);
        _traceIds = await SeededTraces.RecordAsync(_store.TrackingUri,
            [_firstHour.AddMinutes(5), _firstHour.AddMinutes(10), _firstHour.AddHours(1).AddMinutes(5), _firstHour.AddHours(2).AddMinutes(5)]);
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[0], "quality", JsonValue.Create("yes"));
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[1], "quality", JsonValue.Create("no"));
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[2], "quality", JsonValue.Create("yes"));
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[3], "quality", null);
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[0], "length", JsonValue.Create(10));
        await SeededTraces.FeedbackAsync(_store.TrackingUri, _traceIds[2], "length", JsonValue.Create(30));
    }

    [OneTimeTearDown]
    public void DeleteStore() => _store.Dispose();

    [Test]
    public async Task TracesSearch_ListsTheTracesInTableAndJson()
    {
        var json = await _cli.RunAsync("traces", "search", "--json");
        json.ExitCode.Should().Be(ExitCodes.Success, json.Error);
        json.Json["traces"]!.AsArray().Select(t => t!["trace_id"]!.GetValue<string>()).Should().BeEquivalentTo(_traceIds);

        var limited = await _cli.RunAsync("traces", "search", "--max-results", "2", "--json");
        limited.Json["traces"]!.AsArray().Should().HaveCount(2);

        var table = await _cli.RunAsync("traces", "search");
        table.Output.Should().Contain(_traceIds[0]).And.Contain("trace id");
    }

    [Test]
    public async Task TracesSearch_FilterThatBreaksTheGrammar_IsBadInput()
    {
        var run = await _cli.RunAsync("traces", "search", "--filter", "attributes.status ==");

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.Error);
    }

    [Test]
    public async Task Feedback_ShowsEachFeedbackOfTheTrace()
    {
        var run = await _cli.RunAsync("feedback", _traceIds[0], "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["trace_id"]!.GetValue<string>().Should().Be(_traceIds[0]);
        var feedback = run.Json["feedback"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.ToJsonString());
        feedback.Should().Equal(new Dictionary<string, string> { ["quality"] = "\"yes\"", ["length"] = "10" });

        var error = await _cli.RunAsync("feedback", _traceIds[3]);
        error.Output.Should().Contain("SCORER_ERROR");
    }

    [Test]
    public async Task Feedback_UnknownTrace_IsNotFound()
    {
        var run = await _cli.RunAsync("feedback", "tr-00000000000000000000000000000000");

        run.ExitCode.Should().Be(ExitCodes.NotFound, run.Error);
    }

    [Test]
    public async Task Trend_Json_HasOnePointPerScorerAndHour()
    {
        var run = await _cli.RunAsync("trend", "--start", "6h", "--json");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["bucket"]!.GetValue<string>().Should().Be("hour");
        var points = run.Json["points"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var quality = points.Where(p => p["scorer_name"]!.GetValue<string>() == "quality").ToList();
        quality.Select(p => p["bucket_start"]!.GetValue<DateTimeOffset>()).Should().Equal(_firstHour, _firstHour.AddHours(1), _firstHour.AddHours(2));
        quality.Select(p => p["count"]!.GetValue<int>()).Should().Equal(2, 1, 1);
        quality[0]["pass_rate"]!.GetValue<double>().Should().Be(0.5);
        quality[2]["error_count"]!.GetValue<int>().Should().Be(1);
        points.Where(p => p["scorer_name"]!.GetValue<string>() == "length").Select(p => p["mean"]!.GetValue<double>()).Should().Equal(10, 30);
        points[0].Select(p => p.Key).Should().Equal(
            "scorer_name", "bucket_start", "count", "error_count", "pass_rate", "mean", "min", "max", "p90");
    }

    [Test]
    public async Task Trend_Text_ShowsATableAndAChartPerScorer()
    {
        var run = await _cli.RunAsync("trend", "--start", "6h");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Output.Should().Contain("pass rate").And.Contain("quality").And.Contain("length");
        run.Output.Should().Contain("quality pass rate %").And.Contain("length mean");
        run.Output.Should().Contain(_firstHour.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Trend_ScorerFilterAndDayBuckets_NarrowThePoints()
    {
        var run = await _cli.RunAsync("trend", "--start", "2d", "--bucket", "day", "--scorer", "length", "--json");

        var points = run.Json["points"]!.AsArray();
        points.Select(p => p!["scorer_name"]!.GetValue<string>()).Should().OnlyContain(n => n == "length");
        points.Sum(p => p!["count"]!.GetValue<int>()).Should().Be(2);
    }

    [TestCase("--start", "yesterday-ish")]
    [TestCase("--end", "12x")]
    public async Task Trend_TimeThatIsNoTime_IsBadInput(string option, string value)
    {
        var run = await _cli.RunAsync("trend", option, value);

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain($"{option} '{value}' is not a time");
    }

    [Test]
    public async Task Trend_EndBeforeStart_IsBadInput()
    {
        var run = await _cli.RunAsync("trend", "--start", "1h", "--end", "2h");

        run.ExitCode.Should().Be(ExitCodes.BadInput);
        run.Error.Should().Contain("must be after --start");
    }

    [Test]
    public async Task TrendHtml_WritesOneChartPerScorerWithOnePointPerBucketAndNothingOutsideTheFile()
    {
        var file = _store.PathOf("trend.html");
        var run = await _cli.RunAsync("trend", "--start", "6h", "--html", file, "--json");
        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Json["scorer_count"]!.GetValue<int>().Should().Be(2);
        var expected = (await _cli.RunAsync("trend", "--start", "6h", "--json")).Json["points"]!.AsArray()
            .GroupBy(p => p!["scorer_name"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Select(p => p!["bucket_start"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).ToList());

        var page = await File.ReadAllTextAsync(file);
        page.Should().StartWith("<!DOCTYPE html>");
        using var reader = XmlReader.Create(new StringReader(page), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var html = XDocument.Load(reader);

        var sections = html.Descendants("section").Where(s => (string?)s.Attribute("class") == "scorer").ToList();
        sections.Select(s => (string)s.Attribute("data-scorer")!).Should().BeEquivalentTo(expected.Keys);
        foreach (var section in sections)
        {
            section.Descendants("svg").Should().ContainSingle("one chart per scorer");
            var points = section.Descendants("circle").Where(c => ((string?)c.Attribute("class"))?.Split(' ').Contains("point") == true).ToList();
            points.Select(p => (string)p.Attribute("data-bucket")!).Should().Equal(expected[(string)section.Attribute("data-scorer")!], "one point per bucket");
            points.Should().OnlyContain(p => p.Element("title") != null, "each point tells its count and errors");
        }

        var quality = sections.Single(s => (string)s.Attribute("data-scorer")! == "quality");
        quality.Attribute("data-metric")!.Value.Should().Be("pass rate");
        quality.Descendants("circle").Select(c => (string)c.Attribute("data-errors")!).Should().Equal("0", "0", "1");
        sections.Single(s => (string)s.Attribute("data-scorer")! == "length").Attribute("data-metric")!.Value.Should().Be("mean");

        html.Descendants().Select(e => e.Name.LocalName).Should().NotContain(["script", "link", "img", "iframe", "object", "embed", "use", "image"]);
        html.Descendants().Attributes()
            .Where(a => a.Name.LocalName is "src" or "href" or "xlink:href" or "action" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal))
            .Should().BeEmpty("nothing is loaded or run");
        page.Should().NotContain("url(").And.NotContain("@import").And.NotContain("http://").And.NotContain("https://");
    }

    [Test]
    public async Task TrendHtml_NoFeedback_StillWritesAPage()
    {
        var file = _store.PathOf("empty.html");
        var run = await _cli.RunAsync("trend", "--start", "2020-01-01T00:00:00Z", "--end", "2020-01-02T00:00:00Z", "--html", file);

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        (await File.ReadAllTextAsync(file)).Should().Contain("No feedback in this time range.");
    }
}
