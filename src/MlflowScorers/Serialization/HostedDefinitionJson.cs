using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// The definition of a .NET-hosted scorer. Keys: <c>format</c> (<see cref="HostedScorerCodec.Format"/>), <c>kind</c>
/// (<c>code</c>, <c>prompt</c> or <c>judge</c>), <c>aggregations</c> (names, or null), <c>description</c>, then per kind:
/// code <c>implementation</c>; prompt <c>prompt_template</c>, <c>numeric_values</c>, <c>model</c>; judge
/// <c>serialized_scorer</c> (the MLflow payload as a JSON object, without aggregations and description, which the definition holds).
/// Custom aggregations are stored by name so operators see them, but only MLflow's named aggregations are read back: a custom
/// aggregation's function exists only in the process that defined it.
/// </summary>
internal static class HostedDefinitionJson
{
    public static string Write(Scorer scorer, string registeredName) =>
        JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", HostedScorerCodec.Format);
            writer.WriteString("kind", KindOf(scorer));
            writer.WritePropertyName("aggregations");
            WriteNames(writer, scorer.Aggregations);
            writer.WriteString("description", scorer.Description);
            switch (scorer)
            {
                case CodeScorer code:
                    writer.WriteString("implementation", code.Implementation);
                    break;
                case PromptJudge prompt:
                    WritePrompt(writer, prompt);
                    break;
                default:
                    writer.WritePropertyName("serialized_scorer");
                    var payload = SerializedScorerCodec.Serialize(scorer with { Aggregations = null, Description = null }, registeredName);
                    using (var document = JsonDocument.Parse(payload))
                    {
                        document.RootElement.WriteTo(writer);
                    }

                    break;
            }

            writer.WriteEndObject();
        });

    public static Scorer Read(string registeredName, string definition)
    {
        try
        {
            if (JsonNode.Parse(definition) is not JsonObject root || JsonRead.OptionalString(root["format"]) != HostedScorerCodec.Format)
            {
                return Unrecognized(registeredName, definition, $"the definition has no \"format\": \"{HostedScorerCodec.Format}\" marker");
            }

            var scorer = ReadKind(registeredName, definition, root);
            return scorer is UnrecognizedScorer
                ? scorer
                : scorer with
                {
                    Aggregations = AggregationNames.Read(root["aggregations"], skipUnknown: true),
                    Description = JsonRead.OptionalString(root["description"]),
                };
        }
        catch (JsonException e)
        {
            return Unrecognized(registeredName, definition, $"the definition is not valid JSON ({e.Message})");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return Unrecognized(registeredName, definition, e.Message);
        }
    }

    private static string KindOf(Scorer scorer) =>
        scorer switch
        {
            CodeScorer => "code",
            PromptJudge => "prompt",
            JudgeScorer { Host: ScorerHost.DotNet } and (BuiltInJudge or InstructionsJudge) => "judge",
            JudgeScorer => throw new ArgumentException(
                $"Scorer '{scorer.Name}' is not hosted in .NET (Host is {scorer.Host}): only .NET-hosted scorers are kept in experiment tags.",
                nameof(scorer)),
            _ => throw new ArgumentException(
                $"Scorer '{scorer.Name}' ({scorer.Kind}) cannot be hosted in .NET: only code scorers, prompt judges and judges run there.",
                nameof(scorer)),
        };

    private static Scorer ReadKind(string name, string definition, JsonObject root)
    {
        switch (JsonRead.OptionalString(root["kind"]))
        {
            case "code":
                return new CodeScorer { Name = name, Implementation = JsonRead.OptionalString(root["implementation"]) };
            case "prompt":
                return new PromptJudge(name, JsonRead.RequiredString(root["prompt_template"]))
                {
                    NumericValues = ReadNumbers(JsonRead.OptionalObject(root["numeric_values"])),
                    Model = JsonRead.OptionalString(root["model"]),
                };
            case "judge":
                var payload = JsonRead.OptionalObject(root["serialized_scorer"])
                    ?? throw new FormatException("a judge definition has no serialized_scorer");
                var judge = SerializedScorerCodec.Deserialize(name, payload.ToJsonString());
                return judge is UnrecognizedScorer unrecognized
                    ? Unrecognized(name, definition, $"its serialized_scorer is not recognised: {unrecognized.Reason}")
                    : judge with { Host = ScorerHost.DotNet };
            case var kind:
                return Unrecognized(name, definition, $"unknown kind '{kind}'");
        }
    }

    private static void WritePrompt(Utf8JsonWriter writer, PromptJudge prompt)
    {
        writer.WriteString("prompt_template", prompt.PromptTemplate);
        writer.WritePropertyName("numeric_values");
        if (prompt.NumericValues is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (choice, value) in prompt.NumericValues)
            {
                writer.WriteNumber(choice, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("model", prompt.Model);
    }

    private static Dictionary<string, double>? ReadNumbers(JsonObject? values) =>
        values?.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is JsonValue number && number.TryGetValue<double>(out var value)
                ? value
                : throw new FormatException($"numeric value of '{pair.Key}' is not a number"),
            StringComparer.Ordinal);

    private static void WriteNames(Utf8JsonWriter writer, IReadOnlyList<Aggregation>? aggregations)
    {
        if (aggregations is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var name in aggregations.Select(a => a.Name))
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }

    private static UnrecognizedScorer Unrecognized(string name, string definition, string reason) =>
        new() { Name = name, RawPayload = definition, Reason = $"Unreadable .NET-hosted scorer definition: {reason}" };
}
