using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.Databricks.Wire;

/// <summary>Source-generated JSON for the managed-evals endpoints.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ScheduledScorersResponse))]
[JsonSerializable(typeof(ScheduledScorersRequest))]
[JsonSerializable(typeof(ScorerVersionDto))]
[JsonSerializable(typeof(ScorerConfigDto))]
[JsonSerializable(typeof(ScorerVersionsResponse))]
[JsonSerializable(typeof(EmptyDto))]
internal sealed partial class ManagedEvalsJsonContext : JsonSerializerContext;
