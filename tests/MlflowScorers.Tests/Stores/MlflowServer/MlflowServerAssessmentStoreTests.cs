using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>The server store's assessment calls: update masks, value encodings, create times, sources and errors.</summary>
public sealed class MlflowServerAssessmentStoreTests : TraceStoreTestBase
{
    public static readonly object[] UpdateCases =
    [
        new object[] { new AssessmentUpdate { Name = "updated_name" },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "assessment_name": "updated_name"}, "update_mask": "assessmentName"}""" },
        new object[] { new AssessmentUpdate { Value = AssessmentValue.ForExpectation(JsonValue.Create("updated_value")) },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "expectation": {"value": "updated_value"}}, "update_mask": "expectation"}""" },
        new object[] { new AssessmentUpdate
            {
                Value = AssessmentValue.ForFeedback(JsonValue.Create(0.5)), Rationale = "update",
                Metadata = new System.Collections.Generic.Dictionary<string, string> { ["model"] = "gpt-4o-mini" },
            },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "feedback": {"value": 0.5}, "rationale": "update", "metadata": {"model": "gpt-4o-mini"}}, "update_mask": "feedback,rationale,metadata"}""" },
        new object[] { new AssessmentUpdate { Valid = false },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "valid": false}, "update_mask": "valid"}""" },
        new object[] { new AssessmentUpdate
            {
                Name = "n", Rationale = "r", Valid = true, Metadata = new System.Collections.Generic.Dictionary<string, string>(),
                Value = AssessmentValue.ForFeedback(null, new AssessmentError { ErrorCode = "SCORER_ERROR", ErrorMessage = "boom" }),
            },
            """{"assessment": {"assessment_id": "1234", "trace_id": "tr-1234", "assessment_name": "n", "feedback": {"error": {"error_code": "SCORER_ERROR", "error_message": "boom"}}, "rationale": "r", "metadata": {}, "valid": true}, "update_mask": "assessmentName,feedback,rationale,metadata,valid"}""" },
    ];

    [TestCaseSource(nameof(UpdateCases))]
    public async Task UpdateAssessment_SetFields_SendsThemWithTheirCamelCaseMask(AssessmentUpdate update, string expectedBody)
    {
        Answer("PATCH", Traces + "tr-1234/assessments/1234", 200, Json, """
            {"assessment": {"assessment_id": "1234", "assessment_name": "n", "trace_id": "tr-1234",
              "source": {"source_type": "LLM_JUDGE", "source_id": "gpt-4o-mini"}, "feedback": {"value": 0.5}}}
            """);
        using var test = new TestStore(Server.Url!);

        var updated = await test.Store.UpdateAssessmentAsync("tr-1234", "1234", update, CancellationToken.None);

        var sent = Server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        sent.Method.Should().Be("PATCH");
        JsonEquivalence.AreEquivalent(sent.Body!, expectedBody).Should().BeTrue(sent.Body);
        updated.Should().BeOfType<Feedback>().Which.Value!.GetValue<double>().Should().Be(0.5);
        updated.Valid.Should().BeTrue("a reply without 'valid' means valid");
    }

    [Test]
    public async Task CreateAssessment_DictExpectationOnBase64Span_SendsSerializedValueHexSpanAndWholeSecondTime()
    {
        Answer("POST", Traces + "tr-1234/assessments", 200, Json, """
            {"assessment": {"assessment_id": "a-1", "assessment_name": "expected", "trace_id": "tr-1234", "span_id": "51df9a8a949965ab",
              "source": {"source_type": "HUMAN", "source_id": "me"},
              "create_time": "2025-02-20T05:47:23Z", "last_update_time": "2025-02-20T05:47:23Z",
              "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "{\"key1\": \"value1\", \"key2\": \"value2\"}"}},
              "valid": true}}
            """);
        using var test = new TestStore(Server.Url!, timeProvider: new FakeTimeProvider(new DateTimeOffset(2025, 2, 20, 5, 47, 23, TimeSpan.Zero)));
        var expectation = new Expectation
        {
            Name = "expected",
            TraceId = "tr-1234",
            SpanId = "Ud+aipSZZas=",
            Source = new AssessmentSource { SourceType = AssessmentSourceType.Human, SourceId = "me" },
            Value = new JsonObject { ["key1"] = "value1", ["key2"] = "value2" },
        };

        var created = await test.Store.CreateAssessmentAsync(expectation, CancellationToken.None);

        JsonEquivalence.AreEquivalent(Server.LogEntries.Single().RequestMessage.Body!, """
            {"assessment": {"assessment_name": "expected", "trace_id": "tr-1234", "span_id": "51df9a8a949965ab",
              "source": {"source_type": "HUMAN", "source_id": "me"},
              "create_time": "2025-02-20T05:47:23Z", "last_update_time": "2025-02-20T05:47:23Z",
              "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "{\"key1\": \"value1\", \"key2\": \"value2\"}"}},
              "valid": true}}
            """).Should().BeTrue(Server.LogEntries.Single().RequestMessage.Body);
        var read = created.Should().BeOfType<Expectation>().Subject;
        JsonNode.DeepEquals(read.Value, expectation.Value).Should().BeTrue();
        read.AssessmentId.Should().Be("a-1");
        read.SpanId.Should().Be("51df9a8a949965ab");
        read.CreateTime.Should().Be(new DateTimeOffset(2025, 2, 20, 5, 47, 23, TimeSpan.Zero));
    }

    [TestCase("\"hello\"", """{"value": "hello"}""")]
    [TestCase("42", """{"value": 42}""")]
    [TestCase("false", """{"value": false}""")]
    [TestCase("[\"a\", 1]", """{"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "[\"a\", 1]"}}""")]
    [TestCase("null", """{"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "null"}}""")]
    public async Task CreateAssessment_ExpectationValue_SendsPrimitivesPlainAndTheRestSerialized(string valueJson, string expectedExpectation)
    {
        Answer("POST", Traces + "tr-1/assessments", 200, Json,
            """{"assessment": {"assessment_id": "a-1", "assessment_name": "e", "trace_id": "tr-1", "expectation": {"value": "x"}}}""");
        using var test = new TestStore(Server.Url!);
        var value = JsonNode.Parse(valueJson);

        await test.Store.CreateAssessmentAsync(new Expectation { Name = "e", TraceId = "tr-1", Value = value }, CancellationToken.None);

        var sent = JsonNode.Parse(Server.LogEntries.Single().RequestMessage.Body!)!["assessment"]!["expectation"];
        JsonEquivalence.AreEquivalent(sent, JsonNode.Parse(expectedExpectation)).Should().BeTrue(sent?.ToJsonString());
    }

    [Test]
    public async Task CreateAssessment_ErrorOnlyFeedback_SendsNoValueAndReadsTheNullValueWithItsError()
    {
        var captured = Captured("mlflow-3.11/rest-captures.txt", "POST", Traces + "tr-cbeeb6b31224494684170df287a873d3/assessments", "safety");
        Answer("POST", captured.Path, 200, Json, captured.ResponseBody);
        using var test = new TestStore(Server.Url!, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 16, 16, 52, 538, TimeSpan.Zero)));

        var created = await test.Store.CreateAssessmentAsync(
            new Feedback
            {
                Name = "safety",
                TraceId = "tr-cbeeb6b31224494684170df287a873d3",
                Source = AssessmentSource.FromLlmJudge("gateway:/fake-judge"),
                Error = new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" },
            },
            CancellationToken.None);

        var sent = JsonNode.Parse(Server.LogEntries.Single().RequestMessage.Body!)!["assessment"]!;
        JsonEquivalence.AreEquivalent(sent["feedback"], JsonNode.Parse("""{"error": {"error_code": "RATE_LIMIT", "error_message": "judge failed"}}""")).Should().BeTrue();
        ((string)sent["create_time"]!).Should().Be("2026-11-26T16:16:52.538Z");
        var feedback = created.Should().BeOfType<Feedback>().Subject;
        feedback.Value.Should().BeNull();
        feedback.Error!.ErrorCode.Should().Be("RATE_LIMIT");
        feedback.Error.ErrorMessage.Should().Be("judge failed");
        feedback.AssessmentId.Should().Be("a-387c901469214115ba45396654e69150");
    }

    [Test]
    public async Task GetAssessment_LegacyAiJudgeSourceAndMissingKeys_ReadsLlmJudgeAndDefaults()
    {
        Answer("GET", Traces + "tr-1/assessments/a-1", 200, Json, """
            {"assessment": {"assessment_id": "a-1", "assessment_name": "relevance", "source": {"source_type": "AI_JUDGE"},
              "feedback": {"value": "yes"}, "overrides": "a-0", "valid": false}}
            """);
        using var test = new TestStore(Server.Url!);

        var read = await test.Store.GetAssessmentAsync("tr-1", "a-1", CancellationToken.None);

        read.Source.SourceType.Should().Be(AssessmentSourceType.LlmJudge);
        read.Source.SourceId.Should().Be(AssessmentSource.DefaultSourceId);
        read.TraceId.Should().Be("tr-1");
        read.Metadata.Should().BeNull();
        read.Rationale.Should().BeNull();
        read.CreateTime.Should().BeNull();
        read.Valid.Should().BeFalse();
        read.Overrides.Should().Be("a-0");
        Sent().Should().Equal($"GET {Traces}tr-1/assessments/a-1?trace_id=tr-1&assessment_id=a-1");
    }

    [Test]
    public async Task DeleteAssessment_Missing_ThrowsTheServersNotFoundMessage()
    {
        var missing = Captured("mlflow-3.11/rest-captures.txt", "GET", Traces + "tr-cbeeb6b31224494684170df287a873d3/assessments/a-bef8cbbd575c4cee8dbf290ca3f0aa34", status: 404);
        Answer("DELETE", missing.Path, 404, missing.ContentType, missing.ResponseBody);
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.DeleteAssessmentAsync("tr-cbeeb6b31224494684170df287a873d3", "a-bef8cbbd575c4cee8dbf290ca3f0aa34", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Be(
            "Assessment with ID 'a-bef8cbbd575c4cee8dbf290ca3f0aa34' not found for trace 'tr-cbeeb6b31224494684170df287a873d3'");
        JsonEquivalence.AreEquivalent(Server.LogEntries.Single().RequestMessage.Body!,
            """{"trace_id": "tr-cbeeb6b31224494684170df287a873d3", "assessment_id": "a-bef8cbbd575c4cee8dbf290ca3f0aa34"}""").Should().BeTrue();
    }
}
