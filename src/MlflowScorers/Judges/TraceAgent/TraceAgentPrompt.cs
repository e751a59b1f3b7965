using System.Text.Json.Nodes;

namespace MlflowScorers.Judges.TraceAgent;

/// <summary>
/// The system message of an instructions judge that reads the trace (<c>{{ trace }}</c>): how to investigate with the tools,
/// the fields of the verdict with their types (so that a model without structured output with tools still answers in shape),
/// and the judge's instructions verbatim. The <c>{{ trace }}</c> placeholder stays in the instructions: the tools stand for it.
/// </summary>
internal static class TraceAgentPrompt
{
    public static string System(string instructions, JsonObject responseSchema)
    {
        var properties = responseSchema["properties"]!;
        return
            "You are an expert evaluator of an AI application. You judge one recorded run of the application, its trace, by the "
            + "instructions below. You do not see the trace directly: read it with the tools you have.\n\n"
            + "How to work:\n"
            + "1. Start with an overview: get_trace_info for the run as a whole, list_spans for its steps.\n"
            + "2. Open the spans that matter for the instructions with get_span (inputs, outputs, attributes), and use "
            + "search_trace_regex to find a value or word anywhere in the trace.\n"
            + "3. Look only as far as the instructions need, then decide. Base every claim on what the tools showed you; if "
            + "something is not in the trace, say so instead of guessing.\n\n"
            + "When you have decided, stop calling tools and answer with one JSON object only (no markdown) with these fields:\n"
            + $"- result: {properties["result"]!.ToJsonString()} - the verdict the instructions ask for\n"
            + "- rationale (string): why, citing the spans and values you relied on\n\n"
            + "Instructions\n------------\n"
            + instructions;
    }
}
