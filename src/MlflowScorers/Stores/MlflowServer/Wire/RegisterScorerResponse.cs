using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// The reply of register; here <c>experiment_id</c> is a string. Its <c>serialized_scorer</c> echoes the request's and is
/// not read: the store keeps the payload it sent.
/// </summary>
internal sealed record RegisterScorerResponse
{
    public int Version { get; init; }

    public string? ScorerId { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExperimentId { get; init; }

    public string? Name { get; init; }

    public long? CreationTime { get; init; }
}
