using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>Builds the MLflow 3.6 <c>serialized_scorer</c> tree (top-level keys and order as Python 3.6 writes them).</summary>
internal static class SerializedScorerWriter
{
    /// <summary>The <c>mlflow_version</c> written; any string loads in MLflow 3.6 and 3.11 (measured).</summary>
    public const string MlflowVersion = "3.6.0";

    public static JsonObject Write(Scorer scorer, string registeredName) =>
        scorer switch
        {
            BuiltInJudge judge => WriteBuiltIn(judge, registeredName),
            InstructionsJudge judge => WriteInstructions(judge, registeredName),
            PythonFunctionScorer function => WriteFunction(function, registeredName),
            CodeScorer => throw Refuse(scorer, "a C# code scorer has no Python form; it runs in .NET and is registered in experiment tags"),
            PromptJudge => throw Refuse(scorer, "a prompt judge has no serialized_scorer form MLflow servers load; it runs in .NET and is registered in experiment tags"),
            UnrecognizedScorer => throw Refuse(scorer, "an unrecognised payload cannot be re-registered; register the original payload's scorer instead"),
            _ => throw Refuse(scorer, $"the scorer type {scorer.GetType().Name} has no serialized_scorer form"),
        };

    private static JsonObject WriteBuiltIn(BuiltInJudge judge, string registeredName)
    {
        if (!BuiltInJudgeCatalog.TryFind(judge.BuiltInClassName, out var entry) || entry.Type != judge.GetType())
        {
            throw Refuse(judge, $"'{judge.BuiltInClassName}' is not a built-in scorer class MLflow's Python client can load");
        }

        var aggregations = AggregationNames.WriteBuiltIn(judge);
        var description = judge.Description ?? entry.Description;
        var data = new JsonObject
        {
            ["name"] = registeredName,
            ["aggregations"] = aggregations?.DeepClone(),
            ["description"] = description,
            ["required_columns"] = new JsonArray(judge.RequiredColumns.Select(c => (JsonNode?)c).ToArray()),
        };
        switch (judge)
        {
            case Guidelines guidelines:
                data["guidelines"] = new JsonArray(guidelines.Rules.Select(r => (JsonNode?)r).ToArray());
                break;
            case ConversationalGuidelines guidelines:
                data["guidelines"] = new JsonArray(guidelines.Rules.Select(r => (JsonNode?)r).ToArray());
                break;
            case ToolCallCorrectness toolCalls:
                data["should_exact_match"] = toolCalls.ShouldExactMatch;
                data["should_consider_ordering"] = toolCalls.ShouldConsiderOrdering;
                break;
        }

        data["model"] = judge.Model;
        data["instructions"] = entry.Instructions;
        return Envelope(registeredName, aggregations, description, builtInClass: entry.ClassName, builtInData: data);
    }

    private static JsonObject WriteInstructions(InstructionsJudge judge, string registeredName)
    {
        var data = new JsonObject
        {
            ["instructions"] = judge.Instructions,
            ["model"] = judge.Model,
            ["feedback_value_type"] = FeedbackValueTypeSchema.Write(judge.FeedbackValueType),
        };
        var aggregations = AggregationNames.WriteBuiltIn(judge) ?? [];
        return Envelope(registeredName, aggregations, judge.Description, instructionsData: data);
    }

    private static JsonObject WriteFunction(PythonFunctionScorer function, string registeredName)
    {
        if (function.CallSource is null)
        {
            throw Refuse(function, "a Python function scorer needs its call_source");
        }

        var payload = Envelope(registeredName, AggregationNames.WriteBuiltIn(function), function.Description);
        payload["call_source"] = function.CallSource;
        payload["call_signature"] = function.CallSignature;
        payload["original_func_name"] = function.OriginalFunctionName;
        return payload;
    }

    private static JsonObject Envelope(
        string name,
        JsonArray? aggregations,
        string? description,
        string? builtInClass = null,
        JsonObject? builtInData = null,
        JsonObject? instructionsData = null) =>
        new()
        {
            ["name"] = name,
            ["aggregations"] = aggregations,
            ["description"] = description,
            ["mlflow_version"] = MlflowVersion,
            ["serialization_version"] = 1,
            ["builtin_scorer_class"] = builtInClass,
            ["builtin_scorer_pydantic_data"] = builtInData,
            ["call_source"] = null,
            ["call_signature"] = null,
            ["original_func_name"] = null,
            ["instructions_judge_pydantic_data"] = instructionsData,
        };

    private static ArgumentException Refuse(Scorer scorer, string rule) =>
        new($"Scorer '{scorer.Name}' cannot be written as an MLflow serialized_scorer: {rule}.", nameof(scorer));
}
