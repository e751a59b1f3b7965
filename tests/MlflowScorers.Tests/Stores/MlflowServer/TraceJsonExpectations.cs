using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// What the store must make of MLflow's trace and assessment JSON, read here independently of the store's own mapping; and
/// the SDK model a captured request body describes.
/// </summary>
internal static class TraceJsonExpectations
{
    public static void CheckTraceInfo(TraceInfo info, JsonNode json)
    {
        info.TraceId.Should().Be((string)json["trace_id"]!);
        info.ExperimentId.Should().Be((string?)json["trace_location"]?["mlflow_experiment"]?["experiment_id"]);
        info.RequestTime.Should().Be(Time(json["request_time"]));
        info.ExecutionDuration.Should().Be(
            TimeSpan.FromMilliseconds(double.Parse(((string)json["execution_duration"]!).TrimEnd('s'), CultureInfo.InvariantCulture) * 1000));
        info.State.Should().Be((string?)json["state"]);
        info.RequestPreview.Should().Be((string?)json["request_preview"]);
        info.ResponsePreview.Should().Be((string?)json["response_preview"]);
        info.Metadata.Should().BeEquivalentTo(StringMap(json["trace_metadata"]));
        info.Tags.Should().BeEquivalentTo(StringMap(json["tags"]));
        var assessments = json["assessments"]?.AsArray() ?? [];
        info.Assessments.Should().HaveCount(assessments.Count);
        for (var i = 0; i < assessments.Count; i++)
        {
            CheckAssessment(info.Assessments[i], assessments[i]!);
        }
    }

    public static void CheckTrace(Trace trace, JsonNode json)
    {
        CheckTraceInfo(trace.Info, json["trace_info"]!);
        var spans = json["spans"]?.AsArray() ?? [];
        trace.Spans.Should().HaveCount(spans.Count);
        trace.Spans.Select(s => s.SpanId).Should().Equal(spans.Select(s => Convert.ToHexStringLower(Convert.FromBase64String((string)s!["span_id"]!))));
        CheckRootAgainstMetadata(trace);
    }

    /// <summary>MLflow copies the root span's inputs and outputs into the trace metadata; the decoded spans must agree.</summary>
    public static void CheckRootAgainstMetadata(Trace trace)
    {
        if (trace.RootSpan is not { } root)
        {
            return;
        }

        root.ParentId.Should().BeNull();
        if (trace.Info.Metadata.TryGetValue("mlflow.traceInputs", out var inputs))
        {
            JsonNode.DeepEquals(root.Inputs, JsonNode.Parse(inputs)).Should().BeTrue($"root inputs {root.Inputs?.ToJsonString()} vs {inputs}");
        }

        if (trace.Info.Metadata.TryGetValue("mlflow.traceOutputs", out var outputs))
        {
            JsonNode.DeepEquals(root.Outputs, JsonNode.Parse(outputs)).Should().BeTrue($"root outputs {root.Outputs?.ToJsonString()} vs {outputs}");
        }
    }

    public static void CheckAssessment(Assessment assessment, JsonNode json)
    {
        assessment.AssessmentId.Should().Be((string?)json["assessment_id"]);
        assessment.Name.Should().Be((string)json["assessment_name"]!);
        assessment.TraceId.Should().Be((string?)json["trace_id"]);
        assessment.SpanId.Should().Be((string?)json["span_id"]);
        assessment.Source.SourceType.ToString().Should().Be((string)json["source"]!["source_type"]!);
        assessment.Source.SourceId.Should().Be((string)json["source"]!["source_id"]!);
        assessment.CreateTime.Should().Be(Time(json["create_time"]));
        assessment.LastUpdateTime.Should().Be(Time(json["last_update_time"]));
        assessment.Rationale.Should().Be((string?)json["rationale"]);
        if (json["metadata"] is null)
        {
            assessment.Metadata.Should().BeNull();
        }
        else
        {
            assessment.Metadata.Should().BeEquivalentTo(StringMap(json["metadata"]));
        }

        assessment.Valid.Should().Be((bool?)json["valid"] ?? true);
        assessment.Overrides.Should().Be((string?)json["overrides"]);
        if (json["feedback"] is { } feedback)
        {
            var model = assessment.Should().BeOfType<Feedback>().Subject;
            JsonNode.DeepEquals(model.Value, feedback["value"]).Should().BeTrue($"feedback value {model.Value?.ToJsonString()}");
            model.Error?.ErrorCode.Should().Be((string?)feedback["error"]?["error_code"]);
            model.Error?.ErrorMessage.Should().Be((string?)feedback["error"]?["error_message"]);
            (model.Error is null).Should().Be(feedback["error"] is null);
        }
        else
        {
            var model = assessment.Should().BeOfType<Expectation>().Subject;
            JsonNode.DeepEquals(model.Value, json["expectation"]!["value"]).Should().BeTrue($"expectation value {model.Value?.ToJsonString()}");
        }
    }

    /// <summary>The assessment a captured create body describes, built without the store's mapper.</summary>
    public static Assessment FromRequest(JsonNode json)
    {
        var source = new AssessmentSource
        {
            SourceType = new AssessmentSourceType((string)json["source"]!["source_type"]!),
            SourceId = (string)json["source"]!["source_id"]!,
        };
        Assessment result = json["feedback"] is { } feedback
            ? new Feedback
            {
                Name = (string)json["assessment_name"]!,
                Source = source,
                Value = feedback["value"]?.DeepClone(),
                Error = feedback["error"] is { } error
                    ? new AssessmentError { ErrorCode = (string)error["error_code"]!, ErrorMessage = (string?)error["error_message"] }
                    : null,
            }
            : new Expectation { Name = (string)json["assessment_name"]!, Source = source, Value = json["expectation"]!["value"]?.DeepClone() };
        return result with
        {
            TraceId = (string?)json["trace_id"],
            SpanId = (string?)json["span_id"],
            Rationale = (string?)json["rationale"],
            Metadata = json["metadata"] is null ? null : StringMap(json["metadata"]),
        };
    }

    public static DateTimeOffset? Time(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        node?.AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!) ?? [];
}
