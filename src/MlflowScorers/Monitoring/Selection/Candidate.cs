namespace MlflowScorers.Monitoring.Selection;

/// <summary>A trace or completed session read from a window, in (timestamp, id) order, with its work when sampling chose scorers.</summary>
/// <param name="EntityId">The trace or session id.</param>
/// <param name="TimestampMs">The trace's timestamp, or the session's last trace's.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Item">The work, or <see langword="null"/> when no scorer was selected.</param>
/// <param name="Scored">Whether the search result already shows feedback of every selected scorer (for late arrivals behind the checkpoint).</param>
internal sealed record Candidate(string EntityId, long TimestampMs, int Partition, Scoring.WorkItem? Item, bool Scored = false);
