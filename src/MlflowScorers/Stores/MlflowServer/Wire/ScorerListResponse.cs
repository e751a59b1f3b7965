using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of list and versions; the <c>scorers</c> key is missing when there are none.</summary>
internal sealed record ScorerListResponse
{
    public IReadOnlyList<ScorerDto>? Scorers { get; set; }
}
