using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>The feedback every scorer gave one row or trace.</summary>
public sealed record EvaluationRowResult
{
    /// <summary>The row's position in the input.</summary>
    public required int Index { get; init; }

    /// <summary>What was scored.</summary>
    public required ScorerContext Context { get; init; }

    /// <summary>The feedback, scorer by scorer in the order the scorers were given.</summary>
    public required IReadOnlyList<Feedback> Feedback { get; init; }

    /// <summary>
    /// Why the row could not be scored, for example <c>PREDICT_ERROR</c> when the application's function threw; then
    /// <see cref="Feedback"/> is empty and the row counts in no metric. <see langword="null"/> for a scored row.
    /// </summary>
    public AssessmentError? Error { get; init; }

    /// <summary>
    /// How many of the row's dataset expectations could not be written to its trace as Expectation assessments (each failure
    /// is also logged); 0 when all were written, or when the row had none to write.
    /// </summary>
    public int ExpectationWriteFailures { get; init; }
}
