using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>MLflow's <c>Experiment</c>; <c>tags</c> is missing when empty.</summary>
internal sealed record ExperimentDto
{
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; set; }

    public string? Name { get; set; }

    public string? ArtifactLocation { get; set; }

    public string? LifecycleStage { get; set; }

    public long? LastUpdateTime { get; set; }

    public long? CreationTime { get; set; }

    public IReadOnlyList<ExperimentTagDto>? Tags { get; set; }
}
