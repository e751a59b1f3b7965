using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Assessment create, get, update and delete on a copy of the MLflow 3.6 database, checked down to the stored columns.</summary>
public class LocalAssessmentTests
{
    private const string TraceId = "tr-41b4de4132d8878bb91a6e727b9612b9";
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

    private TempDatabase _database = null!;
    private FakeTimeProvider _time = null!;
    private LocalScorerStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _database = TempDatabase.CopyOfMlflow36();
        _time = new FakeTimeProvider(s_start.AddTicks(4567));
        _store = _database.OpenStore(_time);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Created_feedback_gets_an_MLflow_id_and_millisecond_times_and_is_stored_as_MLflow_stores_it()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback
        {
            Name = "safety",
            Value = "yes",
            Rationale = "No harmful content.",
            Source = AssessmentSource.FromLlmJudge("openai:/gpt-4.1-mini"),
            Metadata = new Dictionary<string, string> { ["mlflow.assessment.judgeCost"] = "0.00021" },
            TraceId = TraceId,
            SpanId = "51df9a8a949965ab",
        }, default);

        created.AssessmentId.Should().MatchRegex("^a-[0-9a-f]{32}$");
        created.CreateTime.Should().Be(s_start);
        created.LastUpdateTime.Should().Be(s_start);
        created.Valid.Should().BeTrue();
        Row(created.AssessmentId!).Should().Equal(
            TraceId, "safety", "feedback", "\"yes\"", null, 1_800_000_000_123L, 1_800_000_000_123L, "LLM_JUDGE", "openai:/gpt-4.1-mini", null,
            "51df9a8a949965ab", "No harmful content.", null, 1L, "{\"mlflow.assessment.judgeCost\": \"0.00021\"}");
        ShouldBeSame(await _store.GetAssessmentAsync(TraceId, created.AssessmentId!, default), created);
    }

    [Test]
    public async Task An_expectation_with_a_dict_value_is_stored_as_json_dumps_and_comes_back_without_rationale_as_MLflow_reads_it()
    {
        var value = JsonNode.Parse("{\"facts\": [\"a\", \"b\"], \"n\": 1, \"ok\": true, \"none\": null}");

        var created = await _store.CreateAssessmentAsync(
            new Expectation { Name = "expected_facts", Value = value, Rationale = "dropped", TraceId = TraceId }, default);

        var expectation = created.Should().BeOfType<Expectation>().Subject;
        JsonNode.DeepEquals(expectation.Value, value).Should().BeTrue();
        expectation.Rationale.Should().BeNull();
        expectation.Source.Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = "default" });
        Row(created.AssessmentId!)[2..4].Should().Equal("expectation", "{\"facts\": [\"a\", \"b\"], \"n\": 1, \"ok\": true, \"none\": null}");
        Row(created.AssessmentId!)[11].Should().BeNull();
    }

    [Test]
    public async Task Feedback_with_only_an_error_stores_a_null_value_and_the_error_dictionary()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback
        {
            Name = "safety",
            Error = new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" },
            TraceId = TraceId,
        }, default);

        var feedback = created.Should().BeOfType<Feedback>().Subject;
        feedback.Value.Should().BeNull();
        feedback.Error.Should().Be(new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" });
        Row(created.AssessmentId!)[3..5].Should().Equal(
            "null", "{\"error_code\": \"RATE_LIMIT\", \"error_message\": \"judge failed\", \"stack_trace\": null}");
    }

    [Test]
    public async Task Non_ascii_text_is_escaped_in_the_column_as_python_does_and_read_back_unchanged()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback { Name = "tone", Value = "héllo \"wörld\"\n", TraceId = TraceId }, default);

        Row(created.AssessmentId!)[3].Should().Be("\"h\\u00e9llo \\\"w\\u00f6rld\\\"\\n\"");
        ((Feedback)await _store.GetAssessmentAsync(TraceId, created.AssessmentId!, default)).Value!.GetValue<string>()
            .Should().Be("héllo \"wörld\"\n");
    }

    [Test]
    public async Task An_update_changes_only_its_fields_and_the_update_time()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback
        {
            Name = "safety",
            Value = "yes",
            Rationale = "fine",
            Metadata = new Dictionary<string, string> { ["a"] = "1" },
            TraceId = TraceId,
        }, default);
        _time.Advance(TimeSpan.FromSeconds(5));

        var renamed = await _store.UpdateAssessmentAsync(TraceId, created.AssessmentId!, new AssessmentUpdate { Name = "safe" }, default);
        var updated = await _store.UpdateAssessmentAsync(TraceId, created.AssessmentId!, new AssessmentUpdate
        {
            Rationale = "unsafe after all",
            Metadata = new Dictionary<string, string> { ["b"] = "2" },
            Valid = false,
            Value = AssessmentValue.ForFeedback(JsonValue.Create(0.25), new AssessmentError { ErrorCode = "PARTIAL" }),
        }, default);

        renamed.Name.Should().Be("safe");
        renamed.Rationale.Should().Be("fine");
        var feedback = updated.Should().BeOfType<Feedback>().Subject;
        feedback.Name.Should().Be("safe");
        feedback.Rationale.Should().Be("unsafe after all");
        feedback.Metadata.Should().Equal(new Dictionary<string, string> { ["b"] = "2" });
        feedback.Valid.Should().BeFalse();
        feedback.Value!.GetValue<double>().Should().Be(0.25);
        feedback.Error!.ErrorCode.Should().Be("PARTIAL");
        feedback.CreateTime.Should().Be(s_start);
        feedback.LastUpdateTime.Should().Be(s_start.AddSeconds(5));
        ShouldBeSame(await _store.GetAssessmentAsync(TraceId, created.AssessmentId!, default), updated);
    }

    [Test]
    public async Task An_empty_update_changes_nothing()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback { Name = "safety", Value = true, TraceId = TraceId }, default);
        _time.Advance(TimeSpan.FromSeconds(5));

        var same = await _store.UpdateAssessmentAsync(TraceId, created.AssessmentId!, new AssessmentUpdate(), default);

        same.LastUpdateTime.Should().Be(s_start);
    }

    [Test]
    public async Task A_value_of_the_other_kind_is_refused()
    {
        var act = () => _store.UpdateAssessmentAsync(
            TraceId, "a-5e562d9c3297443ea97988e473db14d3", new AssessmentUpdate { Value = AssessmentValue.ForExpectation("x") }, default);

        await act.ShouldFailWithAsync(
            HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, "Cannot update expectation value on a Feedback assessment.");
    }

    [Test]
    public async Task An_overriding_assessment_invalidates_the_one_it_overrides_until_it_is_deleted()
    {
        const string Original = "a-5e562d9c3297443ea97988e473db14d3";

        var correction = await _store.CreateAssessmentAsync(
            new Feedback { Name = "short_output", Value = false, TraceId = TraceId, Overrides = Original }, default);
        var whileOverridden = await _store.GetAssessmentAsync(TraceId, Original, default);
        await _store.DeleteAssessmentAsync(TraceId, correction.AssessmentId!, default);
        var afterDelete = await _store.GetAssessmentAsync(TraceId, Original, default);

        correction.Overrides.Should().Be(Original);
        correction.Valid.Should().BeTrue();
        whileOverridden.Valid.Should().BeFalse();
        afterDelete.Valid.Should().BeTrue();
    }

    [Test]
    public async Task A_deleted_assessment_is_gone_and_the_trace_lists_what_remains()
    {
        var created = await _store.CreateAssessmentAsync(new Feedback { Name = "temp", Value = 1, TraceId = TraceId }, default);
        var withIt = await _store.GetTraceAsync(TraceId, default);

        await _store.DeleteAssessmentAsync(TraceId, created.AssessmentId!, default);

        withIt.Info.Assessments.Select(a => a.Name).Should().Equal("short_output", "temp");
        (await _store.GetTraceAsync(TraceId, default)).Info.Assessments.Select(a => a.Name).Should().Equal("short_output");
        var get = () => _store.GetAssessmentAsync(TraceId, created.AssessmentId!, default);
        var delete = () => _store.DeleteAssessmentAsync(TraceId, created.AssessmentId!, default);
        var update = () => _store.UpdateAssessmentAsync(TraceId, created.AssessmentId!, new AssessmentUpdate { Name = "x" }, default);
        var message = $"Assessment with ID '{created.AssessmentId}' not found for trace '{TraceId}'";
        await get.ShouldBeNotFoundAsync(message);
        await delete.ShouldBeNotFoundAsync(message);
        await update.ShouldBeNotFoundAsync(message);
    }

    [Test]
    public async Task Missing_traces_and_overridden_assessments_are_not_found()
    {
        var onMissingTrace = () => _store.CreateAssessmentAsync(new Feedback { Name = "x", Value = 1, TraceId = "tr-nope" }, default);
        var overridingMissing = () => _store.CreateAssessmentAsync(
            new Feedback { Name = "x", Value = 1, TraceId = TraceId, Overrides = "a-missing" }, default);
        var getTrace = () => _store.GetTraceAsync("tr-nope", default);
        var wrongTrace = () => _store.GetAssessmentAsync("tr-f6f5fc7c18c14b3bb9a7198b10ef0cbe", "a-5e562d9c3297443ea97988e473db14d3", default);

        await onMissingTrace.ShouldBeNotFoundAsync("Trace with request_id 'tr-nope' not found.");
        await overridingMissing.ShouldBeNotFoundAsync($"Assessment with ID 'a-missing' not found for trace '{TraceId}'");
        await getTrace.ShouldBeNotFoundAsync("Trace with request_id 'tr-nope' not found.");
        await wrongTrace.ShouldBeNotFoundAsync(
            "Assessment with ID 'a-5e562d9c3297443ea97988e473db14d3' not found for trace 'tr-f6f5fc7c18c14b3bb9a7198b10ef0cbe'");
        _database.Scalar("SELECT COUNT(*) FROM assessments").Should().Be(33L);
    }

    private static void ShouldBeSame(Assessment actual, Assessment expected)
    {
        var feedback = actual.Should().BeOfType<Feedback>().Subject;
        feedback.Should().BeEquivalentTo((Feedback)expected, options => options.ComparingByMembers<Feedback>().Excluding(f => f.Value));
        JsonNode.DeepEquals(feedback.Value, ((Feedback)expected).Value).Should().BeTrue();
    }

    private object?[] Row(string assessmentId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT trace_id, name, assessment_type, value, error, created_timestamp, last_updated_timestamp, source_type, "
            + "source_id, run_id, span_id, rationale, overrides, valid, assessment_metadata FROM assessments WHERE assessment_id = $id";
        command.Parameters.AddWithValue("$id", assessmentId);
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        return Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
    }
}
