namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of get.</summary>
internal sealed record GetScorerResponse
{
    public ScorerDto? Scorer { get; set; }
}
