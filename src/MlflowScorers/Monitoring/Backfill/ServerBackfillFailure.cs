namespace MlflowScorers;

/// <summary>Something a backend's own backfill job could not score (see <see cref="BackfillResult.ServerFailures"/>).</summary>
/// <param name="ScorerName">The server-run scorer.</param>
/// <param name="JobId">The backend's job id.</param>
/// <param name="TraceId">The trace, or <see langword="null"/> when the whole job failed.</param>
/// <param name="ErrorCode">The backend's error code when it gave one (for example <c>TRACE_NOT_FOUND</c>).</param>
/// <param name="Message">What went wrong, as the backend said it.</param>
public sealed record ServerBackfillFailure(string ScorerName, string JobId, string? TraceId, string? ErrorCode, string Message);
