using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using static MlflowScorers.Tests.Stores.Local.LocalTraceSamples;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Traces written by the store: the rows MLflow would have written, and a round trip through search, get and assessments.</summary>
public class LocalTraceWriteTests
{
    private const string FixtureTrace = "tr-41b4de4132d8878bb91a6e727b9612b9";
    private const string RowsOfTrace =
        "SELECT 'info', experiment_id, timestamp_ms, execution_time_ms, status, client_request_id, request_preview, response_preview "
        + "FROM trace_info WHERE request_id = $id "
        + "UNION ALL SELECT 'tag', \"key\", value, NULL, NULL, NULL, NULL, NULL FROM trace_tags WHERE request_id = $id "
        + "UNION ALL SELECT 'metadata', \"key\", value, NULL, NULL, NULL, NULL, NULL FROM trace_request_metadata WHERE request_id = $id "
        + "UNION ALL SELECT 'span', span_id, parent_span_id, name, type, status, start_time_unix_nano || '-' || end_time_unix_nano "
        + "|| '-' || duration_ns, content FROM spans WHERE trace_id = $id";

    private TempDatabase _database = null!;

    [SetUp]
    public void SetUp() => _database = TempDatabase.CopyOfMlflow36();

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task A_trace_MLflow_wrote_is_written_back_with_exactly_the_rows_MLflow_wrote()
    {
        await using var store = _database.OpenStore();
        var trace = await store.GetTraceAsync(FixtureTrace, default);
        var original = Rows(FixtureTrace);
        _database.Execute(string.Join(';', new[] { "spans WHERE trace_id", "trace_tags WHERE request_id", "trace_request_metadata WHERE request_id",
            "assessments WHERE trace_id", "trace_info WHERE request_id" }.Select(t => $"DELETE FROM {t} = '{FixtureTrace}'")));

        await store.WriteTraceAsync("2", trace with { Info = trace.Info with { Assessments = [] } }, default);

        original.Should().HaveCount(1 + 3 + 11 + 2);
        Rows(FixtureTrace).Should().BeEquivalentTo(original, options => options.WithStrictOrdering());
    }

    [Test]
    public async Task A_new_trace_round_trips_through_write_search_get_and_assessments()
    {
        await using var store = _database.OpenStore();
        var traceId = TraceId(0x42);
        var attributes = new Dictionary<string, JsonNode?> { ["gen_ai.request.model"] = "gpt-x", ["retries"] = 2 };
        var written = Trace(
            traceId,
            new Dictionary<string, string> { ["env"] = "test" },
            new Dictionary<string, string> { ["mlflow.trace.session"] = "s-1" },
            null,
            Span("1111111111111111", "chat", 1_795_700_000_000, 1234, SpanType.ChatModel, attributes: attributes,
                inputs: new JsonObject { ["messages"] = new JsonArray("héllo") }, outputs: JsonValue.Create("hi")),
            Span("2222222222222222", "lookup", 1_795_700_000_100, 10, SpanType.Retriever, "1111111111111111",
                outputs: new JsonArray(new JsonObject { ["page_content"] = "doc" })));

        await store.WriteTraceAsync("1", written, default);

        foreach (var filter in new[]
        {
            $"trace.request_id = '{traceId}' AND trace.status = 'OK'", "trace.timestamp_ms = 1795700000000", "trace.execution_time_ms = 1234",
            "trace.name = 'chat'", "tags.env = 'test'", "metadata.`mlflow.trace.session` = 's-1'", "metadata.mlflow.traceInputs LIKE '%héllo%'",
            "span.type = 'RETRIEVER'", "span.attributes.gen_ai.request.model = 'gpt-x'", "trace.run_id IS NULL AND tags.env = 'test'",
        })
        {
            var found = await store.SearchTracesAsync(new TraceSearchRequest(["1"], filter, null, 10, null), default);
            found.Traces.Select(t => t.TraceId).Should().Equal([traceId], filter);
        }

        var trace = await store.GetTraceAsync(traceId, default);
        trace.Info.RequestTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1_795_700_000_000));
        trace.Info.ExecutionDuration.Should().Be(TimeSpan.FromMilliseconds(1234));
        trace.Info.State.Should().Be("OK");
        trace.Info.RequestPreview.Should().Be("{\"messages\": [\"héllo\"]}");
        trace.Info.ResponsePreview.Should().Be("\"hi\"");
        trace.Info.Tags.Should().Equal(new Dictionary<string, string>
        {
            ["env"] = "test",
            ["mlflow.artifactLocation"] = $"mlflow-artifacts:/1/traces/{traceId}/artifacts",
            ["mlflow.trace.spansLocation"] = "TRACKING_STORE",
            ["mlflow.traceName"] = "chat",
        });
        trace.Info.Metadata.Should().Equal(new Dictionary<string, string>
        {
            ["mlflow.trace.session"] = "s-1",
            ["mlflow.trace_schema.version"] = "3",
            ["mlflow.traceInputs"] = "{\"messages\": [\"héllo\"]}",
            ["mlflow.traceOutputs"] = "\"hi\"",
        });
        trace.Spans.Select(s => (s.SpanId, s.ParentId, s.Name, s.SpanType, s.StartTimeUnixNano, s.EndTimeUnixNano, s.StatusCode)).Should().Equal(
            written.Spans.Select(s => (s.SpanId, s.ParentId, s.Name, s.SpanType, s.StartTimeUnixNano, s.EndTimeUnixNano, s.StatusCode)));
        JsonNode.DeepEquals(trace.Inputs, written.Inputs).Should().BeTrue();
        JsonNode.DeepEquals(trace.Outputs, written.Outputs).Should().BeTrue();
        JsonNode.DeepEquals(trace.Spans[1].Outputs, written.Spans[1].Outputs).Should().BeTrue();
        trace.RootSpan!.Attributes["gen_ai.request.model"]!.GetValue<string>().Should().Be("gpt-x");
        trace.RootSpan.Attributes["retries"]!.GetValue<int>().Should().Be(2);
        trace.RootSpan.Attributes["mlflow.traceRequestId"]!.GetValue<string>().Should().Be(traceId);
        trace.FindTopLevelRetrieverSpans().Select(s => s.Name).Should().Equal("lookup");

        var feedback = await store.CreateAssessmentAsync(
            new Feedback { Name = "relevance", Value = "yes", TraceId = traceId, SpanId = "2222222222222222" }, default);
        await store.CreateAssessmentAsync(new Expectation { Name = "expected_response", Value = "hi", TraceId = traceId }, default);
        await store.UpdateAssessmentAsync(traceId, feedback.AssessmentId!, new AssessmentUpdate { Rationale = "on topic" }, default);
        (await store.SearchTracesAsync(new TraceSearchRequest(["1"], "feedback.relevance = 'yes' AND expectation.expected_response = 'hi'", null, 10, null), default))
            .Traces.Select(t => t.TraceId).Should().Equal(traceId);
        var again = await store.GetTraceAsync(traceId, default);
        again.Info.Assessments.Select(a => (a.Name, a.Rationale, a.SpanId)).Should().Equal(
            ("relevance", "on topic", "2222222222222222"), ("expected_response", null, null));
        again.GetHumanExpectations()["expected_response"]!.GetValue<string>().Should().Be("hi");
    }

    [Test]
    public async Task Writing_a_trace_again_replaces_its_info_and_spans_and_keeps_its_assessments()
    {
        await using var store = _database.OpenStore();
        var traceId = TraceId(0x43);
        await store.WriteTraceAsync("1", Trace(traceId, null, null, null,
            Span("1111111111111111", "first", 1000, 5, SpanType.Agent), Span("2222222222222222", "child", 1001, 1, SpanType.Tool, "1111111111111111")), default);
        await store.CreateAssessmentAsync(new Feedback { Name = "kept", Value = true, TraceId = traceId }, default);

        await store.WriteTraceAsync("1", Trace(traceId, null, null, null,
            Span("3333333333333333", "second", 2000, null, SpanType.Agent, statusCode: "STATUS_CODE_ERROR")), default);

        var trace = await store.GetTraceAsync(traceId, default);
        trace.Spans.Select(s => s.Name).Should().Equal("second");
        trace.Info.State.Should().Be("ERROR");
        trace.Info.ExecutionDuration.Should().BeNull();
        trace.Info.RequestTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(2000));
        trace.Info.Tags["mlflow.traceName"].Should().Be("second");
        trace.Info.Assessments.Select(a => a.Name).Should().Equal("kept");
        _database.Scalar($"SELECT status FROM spans WHERE trace_id = '{traceId}'").Should().Be("ERROR");
    }

    [Test]
    public async Task Long_inputs_give_previews_cut_to_1000_characters_and_metadata_cut_to_250()
    {
        await using var store = _database.OpenStore();
        var traceId = TraceId(0x44);

        await store.WriteTraceAsync("1", Trace(traceId, null, null, null,
            Span("1111111111111111", "long", 1000, 5, SpanType.Llm, inputs: JsonValue.Create(new string('x', 2000)))), default);

        var info = (await store.GetTraceAsync(traceId, default)).Info;
        info.RequestPreview.Should().HaveLength(1000).And.StartWith("\"xxx").And.EndWith("x...");
        info.Metadata["mlflow.traceInputs"].Should().HaveLength(250).And.Be(info.RequestPreview![..247] + "...");
        info.ResponsePreview.Should().BeNull();
        info.Metadata.Should().NotContainKey("mlflow.traceOutputs");
    }

    [Test]
    public async Task A_database_with_MLflow_3_11s_schema_takes_traces_and_assessments_too()
    {
        using var database = TempDatabase.FromMlflow311Schema();
        await using var store = database.OpenStore();
        var traceId = TraceId(0x311);

        await store.WriteTraceAsync("0", Trace(traceId, spans: Span("1111111111111111", "app", 1000, 5, SpanType.Agent)), default);
        await store.CreateAssessmentAsync(new Feedback { Name = "ok", Value = true, TraceId = traceId }, default);

        var found = await store.SearchTracesAsync(new TraceSearchRequest(["0"], "feedback.ok = 'true'", null, 10, null), default);
        found.Traces.Select(t => t.TraceId).Should().Equal(traceId);
        (await store.GetTracesAsync([traceId], default)).Single().Spans.Select(s => s.Name).Should().Equal("app");
        database.Scalar($"SELECT dimension_attributes IS NULL FROM spans WHERE trace_id = '{traceId}'").Should().Be(1L);
    }

    [Test]
    public async Task Writing_into_a_missing_experiment_fails_as_MLflow_does()
    {
        await using var store = _database.OpenStore();

        var act = () => store.WriteTraceAsync("999", Trace(TraceId(1), spans: Span("1111111111111111", "x", 1, 1, SpanType.Llm)), default);

        await act.ShouldBeNotFoundAsync("No Experiment with id=999 exists");
    }

    private List<object?[]> Rows(string traceId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = RowsOfTrace + " ORDER BY 1, 2";
        command.Parameters.AddWithValue("$id", traceId);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return rows;
    }
}
