using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlflowScorers.Benchmarks;

/// <summary>The raw baseline's request body.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Name">The scorer name.</param>
/// <param name="SerializedScorer">The payload.</param>
public sealed record RegisterBody(string ExperimentId, string Name, string SerializedScorer);

/// <summary>The raw baseline's <c>serialized_scorer</c> for a Guidelines judge, written on every call as a hand-written client would.</summary>
/// <param name="Name">The scorer name.</param>
/// <param name="Aggregations">Always null here.</param>
/// <param name="Description">The description.</param>
/// <param name="MlflowVersion">The MLflow version written.</param>
/// <param name="SerializationVersion">Always 1.</param>
/// <param name="BuiltinScorerClass">"Guidelines".</param>
/// <param name="BuiltinScorerPydanticData">The judge's fields.</param>
/// <param name="CallSource">Always null here.</param>
/// <param name="CallSignature">Always null here.</param>
/// <param name="OriginalFuncName">Always null here.</param>
/// <param name="InstructionsJudgePydanticData">Always null here.</param>
public sealed record GuidelinesPayload(
    string Name,
    IReadOnlyList<string>? Aggregations,
    string Description,
    string MlflowVersion,
    int SerializationVersion,
    string BuiltinScorerClass,
    GuidelinesData BuiltinScorerPydanticData,
    string? CallSource,
    string? CallSignature,
    string? OriginalFuncName,
    string? InstructionsJudgePydanticData);

/// <summary>The <c>builtin_scorer_pydantic_data</c> of a Guidelines judge.</summary>
/// <param name="Name">The scorer name.</param>
/// <param name="Aggregations">Always null here.</param>
/// <param name="Description">The description.</param>
/// <param name="RequiredColumns">The columns the judge reads.</param>
/// <param name="Guidelines">The rules.</param>
/// <param name="Model">The judge model, or null for the default.</param>
/// <param name="Instructions">The instructions text.</param>
public sealed record GuidelinesData(
    string Name,
    IReadOnlyList<string>? Aggregations,
    string Description,
    IReadOnlyList<string> RequiredColumns,
    IReadOnlyList<string> Guidelines,
    string? Model,
    string Instructions);

/// <summary>Source-generated JSON for the raw baseline, as a careful hand-written client would use.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RegisterBody))]
[JsonSerializable(typeof(GuidelinesPayload))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
