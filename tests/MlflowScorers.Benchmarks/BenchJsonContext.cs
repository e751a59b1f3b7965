using System.Text.Json.Serialization;

namespace MlflowScorers.Benchmarks;

/// <summary>The raw baseline's request body.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Name">The scorer name.</param>
/// <param name="SerializedScorer">The payload.</param>
public sealed record RegisterBody(string ExperimentId, string Name, string SerializedScorer);

/// <summary>Source-generated JSON for the raw baseline, as a careful hand-written client would use.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RegisterBody))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
