using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The <c>Scorer</c> object of list, versions and get. <c>experiment_id</c> is a JSON number here.</summary>
internal sealed record ScorerDto
{
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; set; }

    public string? ScorerName { get; set; }

    public int ScorerVersion { get; set; }

    public string? SerializedScorer { get; set; }

    public long? CreationTime { get; set; }

    public string? ScorerId { get; set; }
}
