using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>MLflow's <c>Experiment</c>; <c>tags</c> is missing when empty.</summary>
internal sealed record ExperimentDto
{
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; init; }

    public string? Name { get; init; }

    public string? ArtifactLocation { get; init; }

    public string? LifecycleStage { get; init; }

    public long? LastUpdateTime { get; init; }

    public long? CreationTime { get; init; }

    public IReadOnlyList<ExperimentTagDto>? Tags { get; init; }
}
