using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// The reply of register; here <c>experiment_id</c> is a string. Its <c>serialized_scorer</c> echoes the request's and is
/// not read: the store keeps the payload it sent.
/// </summary>
internal sealed record RegisterScorerResponse
{
    public int Version { get; set; }

    public string? ScorerId { get; set; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; set; }

    public string? Name { get; set; }

    public long? CreationTime { get; set; }
}
