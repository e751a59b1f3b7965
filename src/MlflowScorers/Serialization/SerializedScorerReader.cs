using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Reads <c>serialized_scorer</c> payloads of any MLflow 3 version permissively: missing keys read as null and unknown keys
/// are ignored. A payload that cannot be classified becomes an <see cref="UnrecognizedScorer"/>.
/// </summary>
internal static class SerializedScorerReader
{
    /// <summary>The keys that discriminate a payload's family; the last two are 3.11 families this SDK does not read.</summary>
    private static readonly string[] s_familyKeys =
    [
        "builtin_scorer_class", "call_source", "instructions_judge_pydantic_data", "memory_augmented_judge_data", "third_party_scorer_data",
    ];

    public static Scorer Read(string registeredName, string payload)
    {
        try
        {
            return JsonNode.Parse(payload) is JsonObject root
                ? ReadFamily(registeredName, root)
                : Unrecognized(registeredName, payload, "the payload is not a JSON object");
        }
        catch (JsonException e)
        {
            return Unrecognized(registeredName, payload, $"the payload is not valid JSON ({e.Message})");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return Unrecognized(registeredName, payload, e.Message);
        }

        Scorer ReadFamily(string name, JsonObject root)
        {
            var families = s_familyKeys.Where(key => root[key] is not null).ToList();
            return families switch
            {
                [] => Unrecognized(name, payload, "no scorer family is present (builtin_scorer_class, call_source or instructions_judge_pydantic_data)"),
                [_, _, ..] => Unrecognized(name, payload, $"several scorer families are present at once: {string.Join(", ", families)}"),
                ["builtin_scorer_class"] => ReadBuiltIn(name, root),
                ["call_source"] => ReadFunction(name, root),
                ["instructions_judge_pydantic_data"] => ReadInstructions(name, root),
                [var other] => Unrecognized(name, payload, $"the scorer family {other} is not supported by this SDK"),
            };
        }
    }

    private static BuiltInJudge ReadBuiltIn(string name, JsonObject root)
    {
        var className = JsonRead.RequiredString(root["builtin_scorer_class"]);
        if (!BuiltInJudgeCatalog.TryFind(className, out var entry))
        {
            throw new FormatException($"unknown builtin scorer class '{className}'");
        }

        var data = JsonRead.OptionalObject(root["builtin_scorer_pydantic_data"]);
        return entry.Create(data) with
        {
            Name = name,
            Model = JsonRead.OptionalString(data?["model"]),
            Aggregations = AggregationNames.Read(Preferred(data, root, "aggregations"), skipUnknown: false),
            Description = JsonRead.OptionalString(Preferred(root, data, "description")),
        };
    }

    private static InstructionsJudge ReadInstructions(string name, JsonObject root)
    {
        var data = JsonRead.OptionalObject(root["instructions_judge_pydantic_data"])!;
        var instructions = JsonRead.OptionalString(data["instructions"])
            ?? throw new FormatException("the instructions judge has no instructions");
        return new InstructionsJudge(name, instructions)
        {
            Model = JsonRead.OptionalString(data["model"]),
            FeedbackValueType = FeedbackValueTypeSchema.Read(data["feedback_value_type"]),
            Aggregations = AggregationNames.Read(root["aggregations"], skipUnknown: false),
            Description = JsonRead.OptionalString(root["description"]),
        };
    }

    private static PythonFunctionScorer ReadFunction(string name, JsonObject root) =>
        new()
        {
            Name = name,
            CallSource = JsonRead.RequiredString(root["call_source"]),
            CallSignature = JsonRead.OptionalString(root["call_signature"]),
            OriginalFunctionName = JsonRead.OptionalString(root["original_func_name"]),
            Aggregations = AggregationNames.Read(root["aggregations"], skipUnknown: false),
            Description = JsonRead.OptionalString(root["description"]),
        };

    /// <summary>The first object's value of a key when that object has it, else the second's.</summary>
    private static JsonNode? Preferred(JsonObject? first, JsonObject? second, string key) =>
        first is not null && first.ContainsKey(key) ? first[key] : second?[key];

    private static UnrecognizedScorer Unrecognized(string name, string payload, string reason) =>
        new() { Name = name, RawPayload = payload, Reason = reason };
}

