using System.Collections.Generic;
using System.Text.Json.Nodes;
using MlflowScorers.Tests.Traces;

namespace MlflowScorers.Tests.Judges;

/// <summary>Each built-in judge over a fixed trace from the fixtures (plus the expectations it needs).</summary>
internal static class GoldenCases
{
    public static IEnumerable<(string Name, BuiltInJudge Judge, ScorerContext Context)> All()
    {
        var plain = ScorerContext.FromTrace(TraceFixtures.Trace311());
        var rag = ScorerContext.FromTrace(TraceFixtures.RagTrace311());
        yield return ("safety", new Safety(), plain);
        yield return ("guidelines", new Guidelines("Answer in English", "Be polite"), plain);
        yield return ("expectations_guidelines", new ExpectationsGuidelines(), plain with { Expectations = Expect("guidelines", JsonNode.Parse("""["Mention MLflow", "Stay short"]""")) });
        yield return ("correctness", new Correctness(), rag);
        yield return ("correctness_facts", new Correctness(), plain with { Expectations = Expect("expected_facts", JsonNode.Parse("""["MLflow is open source", "MLflow tracks experiments"]""")) });
        yield return ("relevance_to_query", new RelevanceToQuery(), plain);
        yield return ("retrieval_groundedness", new RetrievalGroundedness(), rag);
        yield return ("retrieval_relevance", new RetrievalRelevance(), rag);
        yield return ("retrieval_sufficiency", new RetrievalSufficiency(), rag);
        yield return ("equivalence", new Equivalence(), plain with { Expectations = Expect("expected_response", JsonValue.Create("MLflow is a platform.")) });
        yield return ("fluency", new Fluency(), plain);
        yield return ("completeness", new Completeness(), plain);
        yield return ("summarization", new Summarization(), plain);
        var agent = ScorerContext.FromTrace(TraceFixtures.AgentTrace311());
        yield return ("tool_call_efficiency", new ToolCallEfficiency(), agent);
        yield return ("tool_call_correctness", new ToolCallCorrectness(), agent with
        {
            Expectations = Expect("expected_tool_calls", JsonNode.Parse("""[{"name": "search_docs", "arguments": {"query": "MLflow"}}]""")),
        });
    }

    private static Dictionary<string, JsonNode?> Expect(string name, JsonNode? value) => new() { [name] = value };
}
