using System;
using System.Collections.Generic;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Maps the server's wire records to the store's records, checking the fields the SDK relies on.</summary>
internal static class WireMapper
{
    public static StoredScorerVersion ToStored(ScorerDto dto, string experimentId, string endpoint) => new(
        dto.ExperimentId ?? experimentId,
        Required(dto.ScorerName, "scorer_name", endpoint),
        dto.ScorerVersion,
        Required(dto.SerializedScorer, "serialized_scorer", endpoint),
        dto.ScorerId,
        FromUnixMilliseconds(dto.CreationTime));

    public static StoredScorerVersion ToStored(RegisterScorerResponse dto, string experimentId, string name, string serializedScorer) => new(
        dto.ExperimentId ?? experimentId,
        dto.Name ?? name,
        dto.Version,
        serializedScorer,
        dto.ScorerId,
        FromUnixMilliseconds(dto.CreationTime));

    public static Experiment ToExperiment(ExperimentDto dto, string endpoint)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in dto.Tags ?? [])
        {
            if (tag.Key is not null)
            {
                tags[tag.Key] = tag.Value ?? string.Empty;
            }
        }

        return new Experiment
        {
            ExperimentId = Required(dto.ExperimentId, "experiment_id", endpoint),
            Name = Required(dto.Name, "name", endpoint),
            ArtifactLocation = dto.ArtifactLocation,
            LifecycleStage = dto.LifecycleStage,
            CreationTime = FromUnixMilliseconds(dto.CreationTime),
            LastUpdateTime = FromUnixMilliseconds(dto.LastUpdateTime),
            Tags = tags,
        };
    }

    public static StoredSampling ToStored(OnlineConfigDto dto) => new(dto.SampleRate, dto.FilterString);

    public static T Required<T>(T? value, string field, string endpoint)
        where T : class =>
        value ?? throw new MlflowException($"The server's reply to {endpoint} lacks the required field '{field}'.");

    private static DateTimeOffset? FromUnixMilliseconds(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
