using System.Collections.Generic;

namespace MlflowScorers.Stores.Databricks.Wire;

/// <summary>One version of a scorer from the per-version routes.</summary>
internal sealed record ScorerVersionDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? SerializedScorer { get; set; }

    public int? Version { get; set; }

    public long? CreationTime { get; set; }
}

/// <summary>One page of a scorer's versions.</summary>
internal sealed record ScorerVersionsResponse
{
    public List<ScorerVersionDto>? ScheduledScorerVersions { get; set; }

    public string? NextPageToken { get; set; }
}

/// <summary>An empty JSON object, for bodies and replies that carry nothing.</summary>
internal sealed record EmptyDto;
