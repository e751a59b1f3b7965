using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>One ended server scorer job: what it scored, the feedback it made and what failed.</summary>
/// <param name="JobId">The server's job id.</param>
/// <param name="Status">How the job ended.</param>
/// <param name="TraceIds">The traces the server gave this job.</param>
/// <param name="Assessments">The feedback the job made, by trace id (written to the traces when the request logged assessments).</param>
/// <param name="Failures">Traces the judge could not score, and a job-level failure without a trace id.</param>
/// <param name="StatusDetails">The server's status details as text, when it gave any.</param>
internal sealed record ServerScorerJobResult(
    string JobId,
    ServerScorerJobStatus Status,
    IReadOnlyList<string> TraceIds,
    IReadOnlyDictionary<string, IReadOnlyList<Assessment>> Assessments,
    IReadOnlyList<ServerScorerJobFailure> Failures,
    string? StatusDetails)
{
    /// <summary>Whether the job succeeded and scored every trace it was given.</summary>
    public bool ScoredEveryTrace => Status == ServerScorerJobStatus.Succeeded && Failures.Count == 0;
}

/// <summary>Something a server scorer job could not do.</summary>
/// <param name="TraceId">The trace, or <see langword="null"/> for the job as a whole.</param>
/// <param name="ErrorCode">The server's error code, when it gave one (for example <c>TRACE_NOT_FOUND</c>).</param>
/// <param name="Message">What went wrong, as the server said it.</param>
internal sealed record ServerScorerJobFailure(string? TraceId, string? ErrorCode, string Message);
