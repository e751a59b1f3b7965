using System;

namespace MlflowScorers.Stores;

/// <summary>One version of a scorer as a backend's registry holds it: the raw <c>serialized_scorer</c> and its identity.</summary>
/// <param name="ExperimentId">The experiment id, always as a string.</param>
/// <param name="Name">The registered name.</param>
/// <param name="Version">The version, from 1; 0 where the backend keeps no versions (Databricks).</param>
/// <param name="SerializedScorer">The payload exactly as stored.</param>
/// <param name="ScorerId">The backend's id for the scorer (the same for all versions), if it has one.</param>
/// <param name="CreationTime">When this version was registered, if known.</param>
internal sealed record StoredScorerVersion(
    string ExperimentId,
    string Name,
    int Version,
    string SerializedScorer,
    string? ScorerId,
    DateTimeOffset? CreationTime)
{
    /// <summary>The version a <see cref="Scorer"/> shows: <see langword="null"/> where the backend keeps no versions (0).</summary>
    public int? ScorerVersion => Version > 0 ? Version : null;
}
