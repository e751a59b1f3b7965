using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>MLflow's <c>OnlineScoringConfig</c>.</summary>
internal sealed record OnlineConfigDto
{
    public string? OnlineScoringConfigId { get; set; }

    public string? ScorerId { get; set; }

    public double SampleRate { get; set; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; set; }

    public string? FilterString { get; set; }
}
