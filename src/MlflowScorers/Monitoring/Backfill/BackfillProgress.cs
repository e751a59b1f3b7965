namespace MlflowScorers;

/// <summary>How far a backfill has got: traces and sessions processed of those in the window.</summary>
/// <param name="Processed">Processed so far.</param>
/// <param name="Total">In the window.</param>
public sealed record BackfillProgress(int Processed, int Total)
{
    /// <summary>The share done, 0 to 1 (1 for an empty window).</summary>
    public double Fraction => Total == 0 ? 1.0 : (double)Processed / Total;
}
