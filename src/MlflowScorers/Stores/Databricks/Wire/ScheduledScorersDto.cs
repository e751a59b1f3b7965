using System.Collections.Generic;

namespace MlflowScorers.Stores.Databricks.Wire;

/// <summary>The <c>scheduled_scorers</c> object: the list, under <c>scorers</c> (or, in some replies, <c>scorers_config.scorers</c>).</summary>
internal sealed record ScheduledScorersDto
{
    public List<ScorerConfigDto>? Scorers { get; set; }

    public ScorersConfigDto? ScorersConfig { get; set; }
}

/// <summary>The nested spelling of the list.</summary>
internal sealed record ScorersConfigDto
{
    public List<ScorerConfigDto>? Scorers { get; set; }
}

/// <summary>The reply of GET, POST and PATCH on the list.</summary>
internal sealed record ScheduledScorersResponse
{
    public string? ExperimentId { get; set; }

    public ScheduledScorersDto? ScheduledScorers { get; set; }
}

/// <summary>The body of POST (create) and PATCH (replace) on the list.</summary>
internal sealed record ScheduledScorersRequest(string ExperimentId, ScheduledScorersDto ScheduledScorers, string? UpdateMask);
