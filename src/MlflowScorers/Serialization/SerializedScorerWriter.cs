using System;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Writes the MLflow 3.6 <c>serialized_scorer</c> text: top-level keys and their order as Python 3.6 writes them, in the form
/// of Python's <c>json.dumps</c>.
/// </summary>
internal static class SerializedScorerWriter
{
    /// <summary>The <c>mlflow_version</c> written; any string loads in MLflow 3.6 and 3.11 (measured).</summary>
    public const string MlflowVersion = "3.6.0";

    public static string Write(Scorer scorer, string registeredName) =>
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

    private static string WriteBuiltIn(BuiltInJudge judge, string registeredName)
    {
        if (!BuiltInJudgeCatalog.TryFind(judge.BuiltInClassName, out var entry) || entry.Type != judge.GetType())
        {
            throw Refuse(judge, $"'{judge.BuiltInClassName}' is not a built-in scorer class MLflow's Python client can load");
        }

        var aggregations = AggregationNames.WriteBuiltIn(judge);
        var description = judge.Description ?? entry.Description;
        var json = new PythonJsonWriter();
        BeginEnvelope(json, registeredName, aggregations, description, builtInClass: entry.ClassName);

        json.Name("builtin_scorer_pydantic_data");
        json.BeginObject();
        json.Name("name");
        json.String(registeredName);
        json.Name("aggregations");
        json.Node(aggregations);
        json.Name("description");
        json.String(description);
        json.Name("required_columns");
        json.Strings(judge.RequiredColumns);
        switch (judge)
        {
            case Guidelines guidelines:
                json.Name("guidelines");
                json.Strings(guidelines.Rules);
                break;
            case ConversationalGuidelines guidelines:
                json.Name("guidelines");
                json.Strings(guidelines.Rules);
                break;
            case ToolCallCorrectness toolCalls:
                json.Name("should_exact_match");
                json.Boolean(toolCalls.ShouldExactMatch);
                json.Name("should_consider_ordering");
                json.Boolean(toolCalls.ShouldConsiderOrdering);
                break;
        }

        json.Name("model");
        json.String(judge.Model);
        json.Name("instructions");
        json.String(entry.Instructions);
        json.EndObject();

        EndEnvelope(json);
        return json.ToString();
    }

    private static string WriteInstructions(InstructionsJudge judge, string registeredName)
    {
        var json = new PythonJsonWriter();
        BeginEnvelope(json, registeredName, AggregationNames.WriteBuiltIn(judge) ?? [], judge.Description, builtInClass: null);
        json.Name("builtin_scorer_pydantic_data");
        json.Node(null);
        WriteFunctionSource(json, null, null, null);
        json.Name("instructions_judge_pydantic_data");
        json.BeginObject();
        json.Name("instructions");
        json.String(judge.Instructions);
        json.Name("model");
        json.String(judge.Model);
        json.Name("feedback_value_type");
        json.Node(FeedbackValueTypeSchema.Write(judge.FeedbackValueType));
        json.EndObject();
        json.EndObject();
        return json.ToString();
    }

    private static string WriteFunction(PythonFunctionScorer function, string registeredName)
    {
        if (function.CallSource is null)
        {
            throw Refuse(function, "a Python function scorer needs its call_source");
        }

        var json = new PythonJsonWriter();
        BeginEnvelope(json, registeredName, AggregationNames.WriteBuiltIn(function), function.Description, builtInClass: null);
        json.Name("builtin_scorer_pydantic_data");
        json.Node(null);
        EndEnvelope(json, function.CallSource, function.CallSignature, function.OriginalFunctionName);
        return json.ToString();
    }

    /// <summary>Opens the payload and writes its first six keys, up to <c>builtin_scorer_class</c>.</summary>
    private static void BeginEnvelope(PythonJsonWriter json, string name, JsonArray? aggregations, string? description, string? builtInClass)
    {
        json.BeginObject();
        json.Name("name");
        json.String(name);
        json.Name("aggregations");
        json.Node(aggregations);
        json.Name("description");
        json.String(description);
        json.Name("mlflow_version");
        json.String(MlflowVersion);
        json.Name("serialization_version");
        json.Number(1);
        json.Name("builtin_scorer_class");
        json.String(builtInClass);
    }

    /// <summary>Writes the last four keys of a payload without instructions-judge data, and closes it.</summary>
    private static void EndEnvelope(
        PythonJsonWriter json, string? callSource = null, string? callSignature = null, string? originalName = null)
    {
        WriteFunctionSource(json, callSource, callSignature, originalName);
        json.Name("instructions_judge_pydantic_data");
        json.Node(null);
        json.EndObject();
    }

    private static void WriteFunctionSource(PythonJsonWriter json, string? callSource, string? callSignature, string? originalName)
    {
        json.Name("call_source");
        json.String(callSource);
        json.Name("call_signature");
        json.String(callSignature);
        json.Name("original_func_name");
        json.String(originalName);
    }

    private static ArgumentException Refuse(Scorer scorer, string rule) =>
        new($"Scorer '{scorer.Name}' cannot be written as an MLflow serialized_scorer: {rule}.", nameof(scorer));
}
