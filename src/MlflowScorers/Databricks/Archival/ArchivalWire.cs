using System.Text.Json.Serialization;
using MlflowScorers.Databricks.Jobs;

namespace MlflowScorers.Databricks.Archival;

/// <summary>The body that enables archival.</summary>
internal sealed record EnableArchivalRequest(string ExperimentId, string ArchiveTableFullname);

/// <summary>The body that disables archival (DELETE with a body, as Python sends it).</summary>
internal sealed record DisableArchivalRequest(string ExperimentId);

/// <summary>A reply that carries nothing the SDK reads.</summary>
internal sealed record EmptyReply;

/// <summary>Source-generated JSON for the trace-archival calls.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EnableArchivalRequest))]
[JsonSerializable(typeof(DisableArchivalRequest))]
[JsonSerializable(typeof(EmptyReply))]
[JsonSerializable(typeof(JobResponse))]
internal sealed partial class ArchivalJsonContext : JsonSerializerContext;
