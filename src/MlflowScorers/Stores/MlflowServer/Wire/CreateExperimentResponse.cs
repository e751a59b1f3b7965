using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of experiments/create.</summary>
internal sealed record CreateExperimentResponse
{
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; set; }
}
