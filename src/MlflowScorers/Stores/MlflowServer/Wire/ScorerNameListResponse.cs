using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// The reply of list, read for the scorer names alone: the parser skips each <c>serialized_scorer</c> instead of unescaping it.
/// </summary>
internal sealed record ScorerNameListResponse
{
    public IReadOnlyList<ScorerNameDto>? Scorers { get; set; }
}

/// <summary>The name of one <c>Scorer</c> object of list.</summary>
internal sealed record ScorerNameDto
{
    public string? ScorerName { get; set; }
}
