using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;
using static MlflowScorers.Tests.Stores.Local.LocalTraceSamples;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>
/// Search semantics on four hand-built traces: each kind of clause, order_by and paging.
/// A: "chat", OK, t=1000, 100 ms, env=prod, run1, session s1, a RETRIEVER child with attribute k=v, feedback politeness "yes",
/// expectation expected "hello". B: "chat", ERROR, t=2000, 300 ms, env=dev, feedback politeness "no". C: "search", OK,
/// t=3000, 50 ms, env=Prod, root span status ERROR but state
/// given as OK. D: "other", IN_PROGRESS, t=4000, still running (its end time is its start), no env.
/// </summary>
public class LocalTraceSearchTests
{
    private static readonly string s_a = TraceId(0xa);
    private static readonly string s_b = TraceId(0xb);
    private static readonly string s_c = TraceId(0xc);
    private static readonly string s_d = TraceId(0xd);

    private TempDatabase _database = null!;
    private LocalScorerStore _store = null!;
    private string _experimentId = null!;

    public static IEnumerable<TestCaseData> Filters()
    {
        yield return Case("trace.status = 'OK'", "A", "C");
        yield return Case("attributes.status != 'OK'", "B", "D");
        yield return Case("trace.status IN ('ERROR', 'IN_PROGRESS')", "B", "D");
        yield return Case("status NOT IN ('OK')", "B", "D");
        yield return Case("trace.status LIKE 'O_'", "A", "C");
        yield return Case("trace.status ILIKE 'in%'", "D");
        yield return Case("trace.status RLIKE 'RR'", "B");
        yield return Case("trace.timestamp_ms > 1000", "B", "C", "D");
        yield return Case("trace.timestamp >= 2000 AND trace.timestamp_ms < 4000", "B", "C");
        yield return Case("trace.execution_time_ms <= 100", "A", "C");
        yield return Case("trace.execution_time != 100", "B", "C");
        yield return Case("trace.end_time_ms = 2300", "B");
        yield return Case("trace.end_time > 1100", "B", "C", "D");
        yield return Case("trace.end_time_ms = 4000", "D");
        yield return Case($"trace.request_id = '{TraceId(0xa)}'", "A");
        yield return Case($"trace.request_id IN ('{TraceId(0xb)}', '{TraceId(0xd)}')", "B", "D");
        yield return Case("trace.client_request_id = 'x'");
        yield return Case("trace.name = 'chat'", "A", "B");
        yield return Case("name IN ('search', 'other')", "C", "D");
        yield return Case("trace.name NOT IN ('chat')", "C", "D");
        yield return Case("trace.run_id = 'run1'", "A");
        yield return Case("metadata.mlflow.sourceRun IS NULL", "B", "C", "D");
        yield return Case("metadata.`mlflow.trace.session` IS NOT NULL", "A");
        yield return Case("request_metadata.`mlflow.trace.session` = 's1'", "A");
        yield return Case("metadata.mlflow.traceInputs LIKE '%\"q\": \"c\"%'", "C");
        yield return Case("tags.env = 'prod'", "A");
        yield return Case("tag.env != 'prod'", "B", "C");
        yield return Case("tags.env LIKE 'P%'", "C");
        yield return Case("tags.env ILIKE 'p%'", "A", "C");
        yield return Case("tags.env RLIKE '^d'", "B");
        yield return Case("tags.env IS NULL", "D");
        yield return Case("tags.`mlflow.traceName` = 'search'", "C");
        yield return Case("span.type = 'RETRIEVER'", "A");
        yield return Case("span.type IN ('TOOL', 'AGENT')", "B", "C");
        yield return Case("span.name LIKE 'ret%'", "A");
        yield return Case("span.name != 'chat'", "A", "C", "D");
        yield return Case("span.status = 'ERROR'", "C");
        yield return Case("span.attributes.k = 'v'", "A");
        yield return Case("span.attributes.mlflow.spanType = 'TOOL'", "C");
        yield return Case("span.content ILIKE '%RETRIEVE%'", "A");
        yield return Case("trace.text LIKE '%search%'", "C");
        yield return Case("feedback.politeness = 'yes'", "A");
        yield return Case("feedback.politeness != 'yes'", "B");
        yield return Case("feedback.politeness LIKE '%o%'", "B");
        yield return Case("feedback.politeness IS NULL", "C", "D");
        yield return Case("feedback.expected IS NOT NULL");
        yield return Case("expectation.expected = 'hello'", "A");
        yield return Case("expectation.expected LIKE '%hell%'", "A");
        yield return Case("trace.status = 'OK' AND tags.env ILIKE 'prod' AND span.type = 'TOOL'", "C");
    }

    [OneTimeSetUp]
    public async Task WriteTraces()
    {
        _database = TempDatabase.New();
        _store = _database.OpenStore();
        _experimentId = await _store.CreateExperimentAsync("search", default);
        var retrieverAttributes = new Dictionary<string, JsonNode?> { ["k"] = "v" };
        await _store.WriteTraceAsync(_experimentId, Trace(
            s_a,
            new Dictionary<string, string> { ["env"] = "prod" },
            new Dictionary<string, string> { ["mlflow.sourceRun"] = "run1", ["mlflow.trace.session"] = "s1" },
            null,
            Span("00000000000000a1", "chat", 1000, 100, SpanType.ChatModel, inputs: new JsonObject { ["q"] = "a" }),
            Span("00000000000000a2", "retrieve", 1010, 20, SpanType.Retriever, "00000000000000a1", attributes: retrieverAttributes)), default);
        await _store.WriteTraceAsync(_experimentId, Trace(
            s_b, new Dictionary<string, string> { ["env"] = "dev" }, null, "ERROR", Span("00000000000000b1", "chat", 2000, 300, SpanType.Agent)), default);
        await _store.WriteTraceAsync(_experimentId, Trace(
            s_c,
            new Dictionary<string, string> { ["env"] = "Prod" },
            null,
            "OK",
            Span("00000000000000c1", "search", 3000, 50, SpanType.Tool, statusCode: "STATUS_CODE_ERROR", inputs: new JsonObject { ["q"] = "c" })), default);
        await _store.WriteTraceAsync(_experimentId, Trace(s_d, null, null, "IN_PROGRESS", Span("00000000000000d1", "other", 4000, null, SpanType.Llm)), default);
        await _store.CreateAssessmentAsync(new Feedback { Name = "politeness", Value = "yes", TraceId = s_a }, default);
        await _store.CreateAssessmentAsync(new Expectation { Name = "expected", Value = "hello", TraceId = s_a }, default);
        await _store.CreateAssessmentAsync(new Feedback { Name = "politeness", Value = "no", TraceId = s_b }, default);
    }

    [OneTimeTearDown]
    public async Task DisposeStore()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [TestCaseSource(nameof(Filters))]
    public async Task A_filter_selects_exactly_the_matching_traces(string filter, string[] expected)
    {
        var page = await SearchAsync(filter, null, 100, null);

        page.Traces.Select(t => Letter(t.TraceId)).Should().BeEquivalentTo(expected);
    }

    [TestCase(null, "DCBA")]
    [TestCase("timestamp_ms ASC", "ABCD")]
    [TestCase("execution_time_ms DESC", "BACD")]
    [TestCase("execution_time ASC", "CABD")]
    [TestCase("name", "BADC")]
    [TestCase("status", "BDCA")]
    [TestCase("request_id DESC", "DCBA")]
    [TestCase("tags.env DESC", "ABCD")]
    [TestCase("tags.env ASC", "CBAD")]
    [TestCase("metadata.mlflow.sourceRun", "ADCB")]
    public async Task Traces_come_in_the_requested_order_missing_values_last_then_newest_first(string? orderBy, string expected)
    {
        var page = await SearchAsync(null, orderBy is null ? null : [orderBy], 100, null);

        string.Concat(page.Traces.Select(t => Letter(t.TraceId))).Should().Be(expected);
    }

    [Test]
    public async Task Pages_follow_each_other_through_MLflows_offset_tokens_until_the_last()
    {
        var first = await SearchAsync(null, ["timestamp_ms ASC"], 3, null);
        var second = await SearchAsync(null, ["timestamp_ms ASC"], 3, first.NextPageToken);
        var exact = await SearchAsync(null, null, 4, null);

        string.Concat(first.Traces.Select(t => Letter(t.TraceId))).Should().Be("ABC");
        first.NextPageToken.Should().Be("eyJvZmZzZXQiOiAzfQ==");
        string.Concat(second.Traces.Select(t => Letter(t.TraceId))).Should().Be("D");
        second.NextPageToken.Should().BeNull();
        exact.NextPageToken.Should().BeNull();
    }

    [Test]
    public async Task A_search_returns_infos_with_their_assessments_and_server_tags()
    {
        var info = (await SearchAsync("trace.name = 'chat' AND tags.env = 'prod'", null, 10, null)).Traces.Single();

        info.Assessments.Select(a => a.Name).Should().Equal("politeness", "expected");
        info.Tags.Should().ContainKeys("mlflow.artifactLocation", "mlflow.trace.spansLocation");
        info.ExperimentId.Should().Be(_experimentId);
    }

    [Test]
    public async Task Unknown_and_non_numeric_experiments_have_no_traces()
    {
        var page = await _store.SearchTracesAsync(new TraceSearchRequest(["999", "abc"], null, null, 10, null), default);

        page.Traces.Should().BeEmpty();
    }

    [TestCase(0, "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer")]
    [TestCase(501, "Invalid value 501 for parameter 'max_results' supplied. It must be at most 500")]
    public async Task A_page_size_outside_1_to_500_is_refused(int maxResults, string message)
    {
        var act = () => SearchAsync(null, null, maxResults, null);

        await act.ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
    }

    [TestCase("not base64!", "Invalid page token, could not base64-decode")]
    [TestCase("bm90IGpzb24=", "Invalid page token, decoded value=not json")]
    [TestCase("eyJvZmZzZXQiOiAiYSJ9", "Invalid page token, parsed value={\"offset\": \"a\"}")]
    public async Task A_page_token_the_store_did_not_make_is_refused(string token, string message)
    {
        var act = () => SearchAsync(null, null, 10, token);

        await act.ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
    }

    [Test]
    public async Task An_invalid_filter_or_order_is_refused_with_MLflows_message()
    {
        var filter = () => SearchAsync("tags.env = ", null, 10, null);
        var order = () => SearchAsync(null, ["span.name"], 10, null);

        await filter.ShouldFailBeforeIoAsync(MlflowErrorCode.InvalidParameterValue, "Invalid clause(s) in filter string: 'tags.env', '='");
        await order.ShouldFailBeforeIoAsync(MlflowErrorCode.InvalidParameterValue, "Invalid order_by entity `span` with key `name`");
    }

    private static TestCaseData Case(string filter, params string[] expected) =>
        new TestCaseData(filter, expected).SetArgDisplayNames(filter);

    private static string Letter(string traceId) => traceId[^1].ToString().ToUpperInvariant();

    private Task<TracePage> SearchAsync(string? filter, IReadOnlyList<string>? orderBy, int maxResults, string? token) =>
        _store.SearchTracesAsync(new TraceSearchRequest([_experimentId], filter, orderBy, maxResults, token), default);
}
