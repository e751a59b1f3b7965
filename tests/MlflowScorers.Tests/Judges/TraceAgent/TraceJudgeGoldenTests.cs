using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Traces;
using static MlflowScorers.Tests.Judges.TraceAgent.TraceJudgeScript;

namespace MlflowScorers.Tests.Judges.TraceAgent;

/// <summary>
/// Exactly what a trace-reading judge sees of a real captured trace (the 3.11 traces/get capture): its system message, the
/// user message, and the answers to get_trace_info, list_spans and get_span on the root span.
/// </summary>
public class TraceJudgeGoldenTests
{
    private const string SystemMessage = """
            You are an expert evaluator of an AI application. You judge one recorded run of the application, its trace, by the instructions below. You do not see the trace directly: read it with the tools you have.

            How to work:
            1. Start with an overview: get_trace_info for the run as a whole, list_spans for its steps.
            2. Open the spans that matter for the instructions with get_span (inputs, outputs, attributes), and use search_trace_regex to find a value or word anywhere in the trace.
            3. Look only as far as the instructions need, then decide. Base every claim on what the tools showed you; if something is not in the trace, say so instead of guessing.

            When you have decided, stop calling tools and answer with one JSON object only (no markdown) with these fields:
            - result: {"type":"string"} - the verdict the instructions ask for
            - rationale (string): why, citing the spans and values you relied on

            Instructions
            ------------
            Judge {{ trace }}
            """;

    private const string Info = """
            {"trace_id":"tr-de983a0007c611e54736ff026ab25699","experiment_id":"8","request_time":"2026-11-26T16:22:04.043Z","execution_duration_ms":96,"state":"OK","request_preview":"{\"question\": \"What is MLflow?\"}","response_preview":"\"Hello! You asked: What is MLflow?\"","span_count":1,"trace_metadata":{"mlflow.source.git.branch":"","mlflow.source.git.commit":"","mlflow.source.git.repoURL":"","mlflow.source.name":"tools/client_trace_capture.py","mlflow.source.type":"LOCAL","mlflow.trace.infoFinalized":"true","mlflow.trace.sizeBytes":"1364","mlflow.trace.sizeStats":"{\"total_size_bytes\": 1364, \"num_spans\": 1, \"max\": 540, \"p25\": 540, \"p50\": 540, \"p75\": 540}","mlflow.traceInputs":"{\"question\": \"What is MLflow?\"}","mlflow.traceOutputs":"\"Hello! You asked: What is MLflow?\"","mlflow.trace_schema.version":"3","mlflow.user":"root"},"tags":{"env":"prod","mlflow.artifactLocation":"mlflow-artifacts:/8/traces/tr-de983a0007c611e54736ff026ab25699/artifacts","mlflow.trace.spansLocation":"TRACKING_STORE","mlflow.traceName":"app"}}
            """;

    private const string List = """
            {"spans":[{"span_id":"5a8677f8abd1bd42","name":"app","span_type":"UNKNOWN","parent_id":null,"is_root":true,"start_time_ms":1795710124043.9675,"end_time_ms":1795710124139.6377,"duration_ms":95.670166015625,"status":"STATUS_CODE_OK","attribute_names":["mlflow.spanFunctionName","mlflow.spanInputs","mlflow.spanOutputs","mlflow.spanType","mlflow.traceRequestId"]}],"next_page_token":null}
            """;

    private const string RootSpan = """
            {"span_id":"5a8677f8abd1bd42","content":"{\n  \"span_id\": \"5a8677f8abd1bd42\",\n  \"name\": \"app\",\n  \"span_type\": \"UNKNOWN\",\n  \"parent_id\": null,\n  \"start_time_unix_nano\": 1795710124043967424,\n  \"end_time_unix_nano\": 1795710124139637694,\n  \"status\": \"STATUS_CODE_OK\",\n  \"inputs\": {\n    \"question\": \"What is MLflow?\"\n  },\n  \"outputs\": \"Hello! You asked: What is MLflow?\",\n  \"attributes\": {\n    \"mlflow.spanFunctionName\": \"app\",\n    \"mlflow.spanType\": \"UNKNOWN\",\n    \"mlflow.traceRequestId\": \"tr-de983a0007c611e54736ff026ab25699\"\n  }\n}","content_size_bytes":486,"page_token":null}
            """;

    [Test]
    public async Task RunAsync_CapturedTrace_ShowsTheJudgeExactlyThis()
    {
        var trace = TraceFixtures.Trace311();
        using var endpoint = new ScriptedJudgeEndpoint().Reply(
            ScriptedJudgeEndpoint.ChatPath,
            (200, Calls(("i", "get_trace_info", "{}"), ("l", "list_spans", "{}"), ("g", "get_span", """{"span_id": "5a8677f8abd1bd42"}"""))),
            (200, ScriptedJudgeEndpoint.Completion(ScriptedJudgeEndpoint.Verdict("yes"))));

        await endpoint.Runtime().RunAsync(new InstructionsJudge("j", "Judge {{ trace }}"), ScorerContext.FromTrace(trace));

        var request = endpoint.Requests[1];
        Messages(request)[0]!["content"]!.GetValue<string>().Should().Be(SystemMessage);
        Messages(request)[1]!["content"]!.GetValue<string>().Should().Be("There is no further data: judge by the task in the first message.");
        ToolResult(request, "i").Should().Be(Info);
        ToolResult(request, "l").Should().Be(List);
        ToolResult(request, "g").Should().Be(RootSpan);
        trace.Spans.Select(s => s.SpanId).Should().Equal("5a8677f8abd1bd42");
    }
}
