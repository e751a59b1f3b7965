using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The <c>Scorer</c> object of list, versions and get. <c>experiment_id</c> is a JSON number here.</summary>
internal sealed record ScorerDto
{
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; init; }

    public string? ScorerName { get; init; }

    public int ScorerVersion { get; init; }

    public string? SerializedScorer { get; init; }

    public long? CreationTime { get; init; }

    public string? ScorerId { get; init; }
}
