using System.Text.Json.Serialization;

namespace MlflowScorers.Databricks.Jobs;

/// <summary>Source-generated JSON for the reply shared by the managed-evals job endpoints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobResponse))]
internal sealed partial class ManagedEvalsJobsJsonContext : JsonSerializerContext;
