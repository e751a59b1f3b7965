using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Traces;

namespace MlflowScorers.Tests.Traces;

public class TraceJsonParserTests
{
    [Test]
    public void ParseGetResponse_Fixture311_ReadsInfoAndRootSpan()
    {
        var trace = TraceFixtures.Trace311();

        trace.TraceId.Should().Be("tr-de983a0007c611e54736ff026ab25699");
        trace.Info.ExperimentId.Should().Be("8");
        trace.Info.State.Should().Be("OK");
        trace.Info.ExecutionDuration.Should().Be(TimeSpan.FromMilliseconds(96));
        trace.Info.RequestTime.Should().Be(new DateTimeOffset(2026, 11, 26, 16, 22, 4, 43, TimeSpan.Zero));
        trace.Info.Tags["env"].Should().Be("prod");
        trace.Spans.Should().ContainSingle();
        var root = trace.RootSpan!;
        root.SpanId.Should().Be("5a8677f8abd1bd42");
        root.ParentId.Should().BeNull();
        root.Name.Should().Be("app");
        root.SpanType.Should().Be(SpanType.Unknown);
        root.StartTimeUnixNano.Should().Be(1795710124043967424L);
        root.EndTimeUnixNano.Should().Be(1795710124139637694L);
        root.StatusCode.Should().Be("STATUS_CODE_OK");
        root.Attributes["mlflow.spanFunctionName"]!.GetValue<string>().Should().Be("app");
    }

    [Test]
    public void ParseGetResponse_Fixture311_DerivesTraceInputsAndOutputsFromTheRootSpan()
    {
        var trace = TraceFixtures.Trace311();

        trace.Inputs!.ToJsonString().Should().Be("{\"question\":\"What is MLflow?\"}");
        trace.Outputs!.GetValue<string>().Should().Be("Hello! You asked: What is MLflow?");
    }

    [Test]
    public void ParseGetResponse_Fixture311_ReadsFeedbackAssessments()
    {
        var feedback = TraceFixtures.Trace311().Info.Assessments.Should().ContainSingle().Which.Should().BeOfType<Feedback>().Subject;

        feedback.Name.Should().Be("manual");
        feedback.Value!.GetValue<bool>().Should().BeTrue();
        feedback.Rationale.Should().Be("ok");
        feedback.Source.Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Code, SourceId = "default" });
        feedback.AssessmentId.Should().Be("a-144a4fa8b56b4fab84c1fdd7ece05a60");
        feedback.SpanId.Should().BeNull();
    }

    [Test]
    public void ParseBatchGetResponse_Fixture36_ReadsTheTraceWithItsSpans()
    {
        var traces = TraceJsonParser.ParseBatchGetResponse(TraceFixtures.BatchGetResponse36());

        traces.Should().ContainSingle();
        traces[0].TraceId.Should().Be("tr-41b4de4132d8878bb91a6e727b9612b9");
        traces[0].RootSpan.Should().NotBeNull();
        traces[0].RootSpan!.SpanId.Should().MatchRegex("^[0-9a-f]{16}$");
    }

    [Test]
    public void ParseBatchGetResponse_EmptyObject_ReturnsNoTraces() =>
        TraceJsonParser.ParseBatchGetResponse("{}").Should().BeEmpty();

    [Test]
    public void RagTrace_RetrieverSpan_IsTopLevelAndDecodesDocuments()
    {
        var trace = TraceFixtures.RagTrace311();

        var retriever = trace.FindTopLevelRetrieverSpans().Should().ContainSingle().Subject;
        retriever.SpanId.Should().Be("0102030405060708");
        retriever.ParentId.Should().Be("5a8677f8abd1bd42");
        retriever.SpanType.Should().Be(SpanType.Retriever);
        retriever.Outputs!.AsArray().Should().HaveCount(2);
        retriever.Outputs![0]!["metadata"]!["doc_uri"]!.GetValue<string>().Should().Be("docs/intro.md");
        trace.RootSpan!.Name.Should().Be("app");
        trace.GetHumanExpectations()["expected_response"]!.GetValue<string>().Should().Be("MLflow is an open source MLOps platform.");
    }

    [Test]
    public void FindTopLevelRetrieverSpans_NestedRetriever_IsLeftOut()
    {
        var trace = new Trace
        {
            Info = new TraceInfo { TraceId = "tr-1" },
            Spans =
            [
                new Span { SpanId = "0000000000000001", Name = "root" },
                new Span { SpanId = "0000000000000002", ParentId = "0000000000000001", Name = "outer", SpanType = SpanType.Retriever },
                new Span { SpanId = "0000000000000003", ParentId = "0000000000000002", Name = "inner", SpanType = SpanType.Retriever },
            ],
        };

        trace.FindTopLevelRetrieverSpans().Select(s => s.Name).Should().Equal("outer");
        trace.FindSpans(SpanType.Retriever).Should().HaveCount(2);
    }

    [Test]
    public void DecodeAnyValue_NestedValues_DecodesRecursively()
    {
        using var document = JsonDocument.Parse("""
            {"kvlist_value": {"values": [
              {"key": "n", "value": {"int_value": "9007199254740993"}},
              {"key": "flags", "value": {"array_value": {"values": [{"bool_value": true}, {"double_value": 1.5}]}}},
              {"key": "json", "value": {"string_value": "{\"a\": [1, 2]}"}},
              {"key": "text", "value": {"string_value": "plain words"}}]}}
            """);

        var node = TraceJsonParser.DecodeAnyValue(document.RootElement)!;

        node["n"]!.GetValue<long>().Should().Be(9007199254740993L);
        node["flags"]!.ToJsonString().Should().Be("[true,1.5]");
        node["json"]!["a"]!.ToJsonString().Should().Be("[1,2]");
        node["text"]!.GetValue<string>().Should().Be("plain words");
    }

    [Test]
    public void ParseTrace_NoSpans_FallsBackToMetadataForInputsAndOutputs()
    {
        var trace = TraceJsonParser.ParseGetResponse("""
            {"trace": {"trace_info": {"trace_id": "tr-x", "trace_metadata": {
              "mlflow.traceInputs": "{\"question\": \"q\"}", "mlflow.traceOutputs": "\"a\""}}}}
            """);

        trace.RootSpan.Should().BeNull();
        trace.Inputs!["question"]!.GetValue<string>().Should().Be("q");
        trace.Outputs!.GetValue<string>().Should().Be("a");
    }

    [Test]
    public void ParseTrace_SerializedExpectation_IsDecoded()
    {
        var trace = TraceJsonParser.ParseGetResponse("""
            {"trace": {"trace_info": {"trace_id": "tr-x", "assessments": [
              {"assessment_name": "expected_facts", "source": {"source_type": "HUMAN", "source_id": "bob"},
               "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT", "value": "[\"a\", \"b\"]"}}},
              {"assessment_name": "llm_guess", "source": {"source_type": "LLM_JUDGE", "source_id": "m"},
               "expectation": {"value": "x"}}]}}}
            """);

        var expectations = trace.GetHumanExpectations();
        expectations.Keys.Should().Equal("expected_facts");
        expectations["expected_facts"]!.ToJsonString().Should().Be("[\"a\",\"b\"]");
    }

    [TestCase("AI_JUDGE", "LLM_JUDGE")]
    [TestCase("llm_judge", "LLM_JUDGE")]
    [TestCase("HUMAN", "HUMAN")]
    public void ParseTrace_SourceTypes_AreNormalised(string wire, string expected)
    {
        var trace = TraceJsonParser.ParseGetResponse(
            "{\"trace\": {\"trace_info\": {\"trace_id\": \"tr-x\", \"assessments\": [{\"assessment_name\": \"j\", \"source\": {\"source_type\": \"" + wire + "\"}, \"feedback\": {\"value\": 1}}]}}}");

        trace.Info.Assessments.Single().Source.SourceType.ToString().Should().Be(expected);
    }

    [TestCase("Ud+aipSZZas=", "51df9a8a949965ab")]
    [TestCase("8D6FF42D900366C4", "8d6ff42d900366c4")]
    [TestCase("", null)]
    public void NormalizeSpanId_Formats_GiveLowercaseHex(string id, string? expected) =>
        TraceJsonParser.NormalizeSpanId(id).Should().Be(expected);

    [Test]
    public void ParseTrace_ErrorFeedback_KeepsNullValueAndError()
    {
        var trace = TraceJsonParser.ParseGetResponse("""
            {"trace": {"trace_info": {"trace_id": "tr-x", "assessments": [
              {"assessment_name": "j", "feedback": {"value": null, "error": {"error_code": "RATE_LIMIT", "error_message": "judge failed"}}}]}}}
            """);

        var feedback = (Feedback)trace.Info.Assessments.Single();
        feedback.Value.Should().BeNull();
        feedback.Error.Should().Be(new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" });
        feedback.Source.SourceType.Should().Be(AssessmentSourceType.Code);
    }

    [Test]
    public void ParseTrace_OpenSpanWithNullEndTime_HasNoEndTime()
    {
        using var document = JsonDocument.Parse("""
            {"trace_info": {"trace_id": "tr-1"},
             "spans": [{"trace_id": "AAAAAAAAAAAAAAAAAAAAAA==", "span_id": "Ud+aipSZZas=", "name": "open",
                        "start_time_unix_nano": 1795710124043967424, "end_time_unix_nano": null}]}
            """);

        var trace = TraceJsonParser.ParseTrace(document.RootElement);

        trace.RootSpan!.EndTimeUnixNano.Should().BeNull();
        trace.RootSpan.SpanId.Should().Be("51df9a8a949965ab");
    }
}
