using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>MLflow's <c>OnlineScoringConfig</c>.</summary>
internal sealed record OnlineConfigDto
{
    public string? OnlineScoringConfigId { get; init; }

    public string? ScorerId { get; init; }

    public double SampleRate { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; init; }

    public string? FilterString { get; init; }
}
