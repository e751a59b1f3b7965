using System;

namespace MlflowScorers;

/// <summary>
/// A change to a Databricks scorer was undone by other writers every time it was written, up to the retry limit. The
/// managed-evals service only replaces the whole scorer list, without a version check; the SDK re-reads before and after
/// each write and rebases on other writers' changes, and reports the race it could not win instead of hiding it. Read the
/// scorer again and retry.
/// </summary>
public class ScorerWriteConflictException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    public ScorerWriteConflictException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The scorer, the experiment and what happened.</param>
    public ScorerWriteConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The scorer, the experiment and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public ScorerWriteConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The scorer whose change was lost.</summary>
    public string? ScorerName { get; init; }

    /// <summary>The experiment it belongs to.</summary>
    public string? ExperimentId { get; init; }
}
