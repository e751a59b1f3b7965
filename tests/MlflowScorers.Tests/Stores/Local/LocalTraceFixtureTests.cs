using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>
/// A copy of the database a real MLflow 3.6 server wrote, read completely through the trace store: every trace of every
/// experiment, its spans and its assessments. Expected values come from sqlite3 on the fixture, or from the rows read
/// directly with SQL in the test.
/// </summary>
public class LocalTraceFixtureTests
{
    private const string TwoSpanTrace = "tr-41b4de4132d8878bb91a6e727b9612b9";
    private const string SpanlessTrace = "tr-f6f5fc7c18c14b3bb9a7198b10ef0cbe";

    private TempDatabase _database = null!;

    [SetUp]
    public void SetUp() => _database = TempDatabase.CopyOfMlflow36();

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task Each_experiment_lists_its_traces_newest_first_as_sqlite_orders_them()
    {
        await using var store = _database.OpenStore();
        var counts = new Dictionary<string, int>();

        foreach (var experimentId in new[] { "0", "1", "2", "3", "4" })
        {
            var page = await store.SearchTracesAsync(new TraceSearchRequest([experimentId], null, null, 100, null), default);

            page.NextPageToken.Should().BeNull();
            page.Traces.Select(t => t.TraceId).Should().Equal(
                Column($"SELECT request_id FROM trace_info WHERE experiment_id = {experimentId} ORDER BY timestamp_ms DESC, request_id"));
            page.Traces.Where(t => t.ExperimentId != experimentId).Should().BeEmpty();
            counts[experimentId] = page.Traces.Count;
        }

        counts.Should().Equal(new Dictionary<string, int> { ["0"] = 0, ["1"] = 1, ["2"] = 1, ["3"] = 15, ["4"] = 15 });
    }

    [Test]
    public async Task Searching_all_experiments_at_once_returns_all_32_traces_with_their_columns_tags_and_metadata()
    {
        await using var store = _database.OpenStore();

        var traces = (await store.SearchTracesAsync(new TraceSearchRequest(["1", "2", "3", "4"], null, null, 500, null), default)).Traces;

        traces.Should().HaveCount(32);
        foreach (var info in traces)
        {
            var row = Row($"SELECT timestamp_ms, execution_time_ms, status, request_preview, response_preview FROM trace_info WHERE request_id = '{info.TraceId}'");
            info.RequestTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((long)row[0]!));
            info.ExecutionDuration.Should().Be(TimeSpan.FromMilliseconds((long)row[1]!));
            info.State.Should().Be((string)row[2]!);
            info.RequestPreview.Should().Be((string?)row[3]);
            info.ResponsePreview.Should().Be((string?)row[4]);
            info.Tags.Should().Equal(Map($"SELECT key, value FROM trace_tags WHERE request_id = '{info.TraceId}'"));
            info.Metadata.Should().Equal(Map($"SELECT key, value FROM trace_request_metadata WHERE request_id = '{info.TraceId}'"));
            info.Assessments.Select(a => a.AssessmentId).Should().BeEquivalentTo(
                Column($"SELECT assessment_id FROM assessments WHERE trace_id = '{info.TraceId}'"));
        }
    }

    [Test]
    public async Task Every_trace_is_returned_with_its_spans_in_start_order_as_the_spans_table_holds_them()
    {
        await using var store = _database.OpenStore();
        var spanCount = 0;

        foreach (var traceId in Column("SELECT request_id FROM trace_info"))
        {
            var trace = await store.GetTraceAsync(traceId, default);

            var rows = Rows($"SELECT span_id, parent_span_id, name, type, start_time_unix_nano, end_time_unix_nano FROM spans "
                + $"WHERE trace_id = '{traceId}' ORDER BY start_time_unix_nano");
            trace.Spans.Select(s => (s.SpanId, s.ParentId, s.Name, s.SpanType.ToString(), s.StartTimeUnixNano, s.EndTimeUnixNano))
                .Should().Equal(rows.Select(r => ((string)r[0]!, (string?)r[1], (string)r[2]!, (string)r[3]!, (long)r[4]!, (long?)r[5])));
            spanCount += trace.Spans.Count;
        }

        spanCount.Should().Be(32);
    }

    [Test]
    public async Task The_two_span_trace_has_typed_inputs_and_outputs_and_its_feedback()
    {
        await using var store = _database.OpenStore();

        var trace = await store.GetTraceAsync(TwoSpanTrace, default);

        trace.Spans.Select(s => s.Name).Should().Equal("app", "inner");
        trace.RootSpan!.SpanId.Should().Be("51df9a8a949965ab");
        trace.Spans[1].ParentId.Should().Be("51df9a8a949965ab");
        trace.Spans[1].StatusCode.Should().Be("STATUS_CODE_OK");
        JsonNode.DeepEquals(trace.Inputs, JsonNode.Parse("{\"question\": \"What is MLflow?\"}")).Should().BeTrue();
        trace.Outputs!.GetValue<string>().Should().Be("Hello! You asked: What is MLflow?");
        JsonNode.DeepEquals(trace.Spans[1].Outputs, JsonNode.Parse("{\"a\": \"hello\"}")).Should().BeTrue();
        trace.RootSpan.Attributes["mlflow.spanFunctionName"]!.GetValue<string>().Should().Be("app");
        trace.Info.Tags["mlflow.traceName"].Should().Be("app");
        trace.Info.Metadata.Should().HaveCount(11).And.Contain("mlflow.user", "root");
        var feedback = trace.Info.Assessments.Should().ContainSingle().Which.Should().BeOfType<Feedback>().Subject;
        feedback.Should().BeEquivalentTo(new Feedback
        {
            Name = "short_output",
            Value = JsonValue.Create(true),
            Rationale = "len < 100",
            Source = AssessmentSource.FromCode("short_output"),
            TraceId = TwoSpanTrace,
            AssessmentId = "a-5e562d9c3297443ea97988e473db14d3",
            CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(1795708531442),
            LastUpdateTime = DateTimeOffset.FromUnixTimeMilliseconds(1795708531442),
        }, options => options.ComparingByMembers<Feedback>().Excluding(f => f.Value));
        feedback.Value!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task The_trace_created_without_spans_has_its_info_and_two_assessments_but_is_left_out_of_a_batch_get()
    {
        await using var store = _database.OpenStore();

        var trace = await store.GetTraceAsync(SpanlessTrace, default);
        var batch = await store.GetTracesAsync([SpanlessTrace, TwoSpanTrace, "tr-missing"], default);

        trace.Spans.Should().BeEmpty();
        trace.Info.Tags["env"].Should().Be("curl");
        trace.Info.Metadata.Should().Equal(new Dictionary<string, string> { ["mlflow.trace_schema.version"] = "3" });
        var politeness = trace.Info.Assessments[0].Should().BeOfType<Feedback>().Subject;
        politeness.Metadata.Should().Equal(new Dictionary<string, string> { ["scorer_version"] = "2" });
        politeness.Rationale.Should().Be("looks polite");
        var expected = trace.Info.Assessments[1].Should().BeOfType<Expectation>().Subject;
        expected.Value!.GetValue<string>().Should().Be("hello");
        expected.Source.Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = "alice" });
        trace.GetHumanExpectations().Keys.Should().Equal("expected_answer");
        batch.Select(t => t.TraceId).Should().Equal(TwoSpanTrace);
    }

    [Test]
    public async Task All_33_assessments_are_read_by_id_with_their_rows_values()
    {
        await using var store = _database.OpenStore();
        var rows = Rows("SELECT assessment_id, trace_id, name, assessment_type, source_type, source_id, created_timestamp, valid FROM assessments");

        rows.Should().HaveCount(33);
        foreach (var row in rows)
        {
            var assessment = await store.GetAssessmentAsync((string)row[1]!, (string)row[0]!, default);

            assessment.AssessmentId.Should().Be((string)row[0]!);
            assessment.TraceId.Should().Be((string)row[1]!);
            assessment.Name.Should().Be((string)row[2]!);
            (assessment is Expectation ? "expectation" : "feedback").Should().Be((string)row[3]!);
            assessment.Source.Should().Be(new AssessmentSource { SourceType = (string)row[4]!, SourceId = (string)row[5]! });
            assessment.CreateTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((long)row[6]!));
            assessment.Valid.Should().Be((long)row[7]! == 1);
        }
    }

    private List<string> Column(string sql) => Rows(sql).Select(r => (string)r[0]!).ToList();

    private Dictionary<string, string> Map(string sql) =>
        Rows(sql).ToDictionary(r => (string)r[0]!, r => (string?)r[1] ?? string.Empty);

    private object?[] Row(string sql) => Rows(sql).Single();

    private List<object?[]> Rows(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
