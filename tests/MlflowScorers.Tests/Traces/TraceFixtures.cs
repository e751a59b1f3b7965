using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Tests.Support;
using MlflowScorers.Traces;

namespace MlflowScorers.Tests.Traces;

/// <summary>Traces taken from the captured Python client traffic in tests/fixtures.</summary>
internal static class TraceFixtures
{
    /// <summary>The 3.11 <c>traces/get</c> response body (one root span "app", inputs {"question": "What is MLflow?"}).</summary>
    public static string GetResponse311() => ResponseBody("mlflow-3.11/python-client-traffic.jsonl", "/traces/get?");

    /// <summary>The 3.6 <c>traces/batchGet</c> response body.</summary>
    public static string BatchGetResponse36() => ResponseBody("mlflow-3.6/python-client-traffic.jsonl", "/traces/batchGet?");

    /// <summary>The 3.11 trace, parsed.</summary>
    public static Trace Trace311() => TraceJsonParser.ParseGetResponse(GetResponse311());

    /// <summary>
    /// The 3.11 trace with a RETRIEVER child span added in the same OTLP form (base64 ids, documents as JSON text in a
    /// string_value), plus a human expectation; the fixtures hold no retriever span.
    /// </summary>
    public static Trace RagTrace311()
    {
        var body = JsonNode.Parse(GetResponse311())!;
        var trace = body["trace"]!;
        var root = trace["spans"]![0]!;
        var documents = new JsonArray(
            new JsonObject { ["page_content"] = "MLflow is an open source MLOps platform.", ["metadata"] = new JsonObject { ["doc_uri"] = "docs/intro.md" } },
            new JsonObject { ["page_content"] = "Paris is in France.", ["metadata"] = new JsonObject { ["doc_uri"] = "docs/geo.md" } });
        var retriever = new JsonObject
        {
            ["trace_id"] = root["trace_id"]!.GetValue<string>(),
            ["span_id"] = "AQIDBAUGBwg=",
            ["parent_span_id"] = root["span_id"]!.GetValue<string>(),
            ["name"] = "retrieve",
            ["start_time_unix_nano"] = 1795710124050000000,
            ["end_time_unix_nano"] = 1795710124060000000,
            ["attributes"] = new JsonArray(
                Attribute("mlflow.spanType", "\"RETRIEVER\""),
                Attribute("mlflow.spanInputs", "{\"query\": \"What is MLflow?\"}"),
                Attribute("mlflow.spanOutputs", documents.ToJsonString())),
        };
        trace["spans"]!.AsArray().Add(retriever);
        trace["trace_info"]!["assessments"]!.AsArray().Add(new JsonObject
        {
            ["assessment_name"] = "expected_response",
            ["source"] = new JsonObject { ["source_type"] = "HUMAN", ["source_id"] = "alice" },
            ["expectation"] = new JsonObject { ["value"] = "MLflow is an open source MLOps platform." },
        });
        return TraceJsonParser.ParseGetResponse(body.ToJsonString());
    }

    /// <summary>The 3.11 trace with two TOOL child spans added in the same OTLP form (the fixtures hold no tool span).</summary>
    public static Trace AgentTrace311()
    {
        var body = JsonNode.Parse(GetResponse311())!;
        var spans = body["trace"]!["spans"]!.AsArray();
        var root = spans[0]!;
        spans.Add(Tool(root, "AAAAAAAAAAE=", "search_docs", 1795710124070000000, "{\"query\": \"MLflow\"}", "\"MLflow is an MLOps platform.\""));
        spans.Add(Tool(root, "AAAAAAAAAAI=", "get_time", 1795710124060000000, "{}", "\"16:22\""));
        return TraceJsonParser.ParseGetResponse(body.ToJsonString());
    }

    private static JsonObject Tool(JsonNode root, string spanId, string name, long start, string inputs, string outputs) => new()
    {
        ["trace_id"] = root["trace_id"]!.GetValue<string>(),
        ["span_id"] = spanId,
        ["parent_span_id"] = root["span_id"]!.GetValue<string>(),
        ["name"] = name,
        ["start_time_unix_nano"] = start,
        ["end_time_unix_nano"] = start + 1000,
        ["attributes"] = new JsonArray(
            Attribute("mlflow.spanType", "\"TOOL\""), Attribute("mlflow.spanInputs", inputs), Attribute("mlflow.spanOutputs", outputs)),
    };

    private static JsonObject Attribute(string key, string stringValue) =>
        new() { ["key"] = key, ["value"] = new JsonObject { ["string_value"] = stringValue } };

    private static string ResponseBody(string file, string pathPart)
    {
        var line = File.ReadLines(Fixtures.PathOf(file)).First(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()!.Contains(pathPart));
        return JsonDocument.Parse(line).RootElement.GetProperty("resp_body").GetString()!;
    }
}
