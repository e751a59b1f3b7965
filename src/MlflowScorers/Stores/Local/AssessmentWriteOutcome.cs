namespace MlflowScorers.Stores.Local;

/// <summary>What a batched create (<see cref="LocalScorerStore.CreateAssessmentsAsync"/>) did with one assessment.</summary>
internal enum AssessmentWriteOutcome
{
    /// <summary>Created.</summary>
    Created,

    /// <summary>Skipped: an assessment with the same unique metadata value is already on the trace.</summary>
    AlreadyPresent,

    /// <summary>Refused: the trace does not exist (deleted after it was read).</summary>
    TraceNotFound,
}
