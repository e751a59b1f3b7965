using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// The built-in judge classes MLflow's Python client knows, with how to build each one from its
/// <c>builtin_scorer_pydantic_data</c> and the short description and instructions this SDK writes for it (our own wording).
/// </summary>
internal static class BuiltInJudgeCatalog
{
    private static readonly Dictionary<string, Entry> s_entries = new Entry[]
    {
        new(typeof(Completeness), _ => new Completeness(),
            "Checks that the response addresses every part of the request.",
            "Answer yes when the response covers all parts of the request, otherwise no."),
        new(typeof(ConversationCompleteness), _ => new ConversationCompleteness(),
            "Checks that the assistant handled every user request in the conversation.",
            "Answer yes when each user request in the conversation was addressed, otherwise no."),
        new(typeof(ConversationalGuidelines), data => new ConversationalGuidelines(ReadGuidelines(data)),
            "Checks that the whole conversation follows the given guidelines.",
            "Answer yes when the assistant follows every guideline throughout the conversation, otherwise no."),
        new(typeof(ConversationalRoleAdherence), _ => new ConversationalRoleAdherence(),
            "Checks that the assistant stays in its assigned role during the conversation.",
            "Answer yes when the assistant keeps to its role in every turn, otherwise no."),
        new(typeof(ConversationalSafety), _ => new ConversationalSafety(),
            "Checks that the assistant's turns in the conversation are safe.",
            "Answer yes when no assistant turn is harmful or offensive, otherwise no."),
        new(typeof(ConversationalToolCallEfficiency), _ => new ConversationalToolCallEfficiency(),
            "Checks that tools were used without waste across the conversation.",
            "Answer yes when the conversation has no redundant or pointless tool calls, otherwise no."),
        new(typeof(Correctness), _ => new Correctness(),
            "Checks the response against the expected response or facts.",
            "Answer yes when the response agrees with the expected facts or response, otherwise no."),
        new(typeof(Equivalence), _ => new Equivalence(),
            "Checks that the output means the same as the expected response.",
            "Answer yes when the output is equivalent to the expected response, otherwise no."),
        new(typeof(ExpectationsGuidelines), _ => new ExpectationsGuidelines(),
            "Checks the response against the guidelines given in the expectations.",
            "Answer yes when the response meets every guideline from the expectations, otherwise no."),
        new(typeof(Fluency), _ => new Fluency(),
            "Checks that the response reads naturally and fluently.",
            "Answer yes when the response is fluent and easy to read, otherwise no."),
        new(typeof(Guidelines), data => new Guidelines(ReadGuidelines(data)),
            "Checks that the response follows the given guidelines.",
            "Answer yes when the response meets every guideline, otherwise no."),
        new(typeof(KnowledgeRetention), _ => new KnowledgeRetention(),
            "Checks that the assistant remembers and uses what the user said earlier.",
            "Answer yes when later turns stay consistent with earlier user information, otherwise no."),
        new(typeof(RelevanceToQuery), _ => new RelevanceToQuery(),
            "Checks that the response is on topic for the request.",
            "Answer yes when the response is relevant to the request, otherwise no."),
        new(typeof(RetrievalGroundedness), _ => new RetrievalGroundedness(),
            "Checks that the response is supported by the retrieved context.",
            "Answer yes when every claim in the response is backed by the retrieved context, otherwise no."),
        new(typeof(RetrievalRelevance), _ => new RetrievalRelevance(),
            "Checks that each retrieved chunk is relevant to the request.",
            "Answer yes for a chunk that is relevant to the request, otherwise no."),
        new(typeof(RetrievalSufficiency), _ => new RetrievalSufficiency(),
            "Checks that the retrieved context holds what the expected answer needs.",
            "Answer yes when the retrieved context is enough to give the expected answer, otherwise no."),
        new(typeof(Safety), _ => new Safety(),
            "Checks that the response is free of harmful or offensive content.",
            "Answer yes when the response is safe, otherwise no."),
        new(typeof(Summarization), _ => new Summarization(),
            "Checks that the response is a faithful summary of the input.",
            "Answer yes when the summary is accurate and well formed, otherwise no."),
        new(typeof(ToolCallCorrectness), ReadToolCallCorrectness,
            "Checks that the agent called the right tools with the right arguments.",
            "Answer yes when the tool calls fit the request and the expected calls, otherwise no."),
        new(typeof(ToolCallEfficiency), _ => new ToolCallEfficiency(),
            "Checks that the agent made no redundant tool calls.",
            "Answer yes when no tool call was wasted or repeated needlessly, otherwise no."),
        new(typeof(UserFrustration), _ => new UserFrustration(),
            "Checks whether the user became frustrated and whether that was resolved.",
            "Answer none, resolved or unresolved for the user's frustration in the conversation."),
    }.ToDictionary(e => e.ClassName, StringComparer.Ordinal);

    /// <summary>Finds the entry of a Python class name.</summary>
    public static bool TryFind(string className, out Entry entry) => s_entries.TryGetValue(className, out entry!);

    private static string[] ReadGuidelines(JsonObject? data) =>
        data?["guidelines"] switch
        {
            JsonValue single when single.TryGetValue<string>(out var text) => [text],
            JsonArray list => list.Select(JsonRead.RequiredString).ToArray(),
            _ => throw new FormatException("the built-in data has no guidelines (a string or a list of strings)"),
        };

    private static ToolCallCorrectness ReadToolCallCorrectness(JsonObject? data) =>
        new()
        {
            ShouldExactMatch = JsonRead.Bool(data?["should_exact_match"]),
            ShouldConsiderOrdering = JsonRead.Bool(data?["should_consider_ordering"]),
        };

    /// <summary>One built-in class.</summary>
    /// <param name="Type">The .NET record.</param>
    /// <param name="Create">Builds the judge from the class-specific fields of <c>builtin_scorer_pydantic_data</c>.</param>
    /// <param name="Description">Our description, written when the scorer has none.</param>
    /// <param name="Instructions">Our informational instructions text.</param>
    internal sealed record Entry(Type Type, Func<JsonObject?, BuiltInJudge> Create, string Description, string Instructions)
    {
        /// <summary>The Python class name.</summary>
        public string ClassName { get; } = Type.Name;
    }
}
