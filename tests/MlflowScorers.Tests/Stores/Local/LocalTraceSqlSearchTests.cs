using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;
using MlflowScorers.Traces.Filtering;
using static MlflowScorers.Tests.Stores.Local.LocalTraceSamples;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>
/// The search that runs in SQL: the monitor's time-window query reads only the window through MLflow's
/// (experiment_id, timestamp_ms) index, pages over ties neither skip nor repeat a trace, operands are parameters, and
/// LIKE and ILIKE keep their case rules beyond ASCII. 120 traces in 40 timestamps (three per millisecond), one of them in
/// a second experiment; tags w (text) and q (text with quotes).
/// </summary>
public class LocalTraceSqlSearchTests
{
    private const int Traces = 120;
    private TempDatabase _database = null!;
    private LocalScorerStore _store = null!;
    private string _experimentId = null!;
    private string _otherExperimentId = null!;

    [OneTimeSetUp]
    public async Task WriteTraces()
    {
        _database = TempDatabase.New();
        _store = _database.OpenStore();
        _experimentId = await _store.CreateExperimentAsync("sql-search", default);
        _otherExperimentId = await _store.CreateExperimentAsync("sql-search-other", default);
        for (var i = 0; i < Traces; i++)
        {
            var tags = new Dictionary<string, string> { ["w"] = i == 0 ? "Ärger" : i == 1 ? "ärger" : "plain" };
            if (i == 2)
            {
                tags["q"] = "a'' OR 1=1 --";
            }

            // Ids run against time within a millisecond, so the request_id tie-breaker is what orders them.
            var trace = Trace(TraceId(1000 - i), tags, null, "OK", Span($"{i + 1:x16}", "root", 10_000 + (i / 3), 5, SpanType.Agent));
            await _store.WriteTraceAsync(i == Traces - 1 ? _otherExperimentId : _experimentId, trace, default);
        }
    }

    [OneTimeTearDown]
    public async Task DisposeStore()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public void The_time_window_query_searches_the_timestamp_index_and_scans_nothing()
    {
        var plan = Plan("trace.timestamp_ms >= 10010 AND trace.timestamp_ms < 10020", ["timestamp_ms ASC", "request_id ASC"]);

        plan.Should().Contain("SEARCH t USING INDEX index_trace_info_experiment_id_timestamp_ms (experiment_id=? AND timestamp_ms>? AND timestamp_ms<?)");
        plan.Should().NotContain("SCAN");
    }

    [Test]
    public void Filters_on_tags_look_each_trace_up_by_key_and_the_default_order_walks_the_index()
    {
        var plan = Plan("tags.w = 'plain' AND trace.status = 'OK'", null);

        plan.Should().Contain("SEARCH t USING INDEX index_trace_info_experiment_id_timestamp_ms (experiment_id=?)");
        plan.Should().Contain("SEARCH kv USING INDEX sqlite_autoindex_trace_tags_1 (key=? AND request_id=?)");
        plan.Should().NotContain("SCAN");
    }

    [Test]
    public async Task Window_pages_ordered_by_time_then_id_give_every_trace_once_in_order()
    {
        var filter = "trace.timestamp_ms >= 10005 AND trace.timestamp_ms < 10035";
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await _store.SearchTracesAsync(
                new TraceSearchRequest([_experimentId], filter, ["timestamp_ms ASC", "request_id ASC"], 7, token), default);
            ids.AddRange(page.Traces.Select(t => t.TraceId));
            token = page.NextPageToken;
        }
        while (token is not null);

        var expected = Enumerable.Range(15, 90)
            .Select(i => (Time: i / 3, Id: TraceId(1000 - i)))
            .OrderBy(t => t.Time).ThenBy(t => t.Id, System.StringComparer.Ordinal)
            .Select(t => t.Id);
        ids.Should().Equal(expected);
    }

    [Test]
    public async Task A_search_over_two_experiments_orders_them_together()
    {
        var page = await _store.SearchTracesAsync(
            new TraceSearchRequest([_experimentId, _otherExperimentId], "trace.timestamp_ms >= 10039", null, 10, null), default);

        page.Traces.Select(t => t.TraceId).Should().Equal(TraceId(1000 - 119), TraceId(1000 - 118), TraceId(1000 - 117));
        page.Traces[0].ExperimentId.Should().Be(_otherExperimentId);
    }

    [TestCase("tags.q = 'a'' OR 1=1 --'", 1)]
    [TestCase("tags.q = 'zz'' OR 1=1 --'", 0)]
    [TestCase("tags.w = 'x'') OR 1=1 OR (''1'' = ''1'", 0)]
    [TestCase("tags.q LIKE '%'' OR %'", 1)]
    public async Task Operands_are_compared_as_text_never_run_as_SQL(string filter, int expected)
    {
        var page = await _store.SearchTracesAsync(new TraceSearchRequest([_experimentId], filter, null, 500, null), default);

        page.Traces.Should().HaveCount(expected);
    }

    [TestCase("tags.w LIKE 'ä%'", 1)]
    [TestCase("tags.w LIKE 'Ä%'", 1)]
    [TestCase("tags.w ILIKE 'ä%'", 2)]
    [TestCase("tags.w LIKE 'PLAIN'", 0)]
    [TestCase("tags.w ILIKE 'PLAIN'", 117)]
    public async Task LIKE_is_case_sensitive_and_ILIKE_ignores_case_beyond_ASCII(string filter, int expected)
    {
        var page = await _store.SearchTracesAsync(new TraceSearchRequest([_experimentId], filter, null, 500, null), default);

        page.Traces.Should().HaveCount(expected);
    }

    private string Plan(string filter, IReadOnlyList<string>? orderBy)
    {
        var (sql, parameters) = LocalTraceQueries.SearchStatement(
            [long.Parse(_experimentId, System.Globalization.CultureInfo.InvariantCulture)],
            TraceFilterParser.Parse(filter),
            TraceOrderByParser.Parse(orderBy),
            0,
            101);
        using var connection = _database.Open();
        LocalTraceSqlFunctions.Register(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join("\n", lines);
    }
}
