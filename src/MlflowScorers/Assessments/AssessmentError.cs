namespace MlflowScorers;

/// <summary>Why a scorer could not produce a value: an error code, a message and, when known, a stack trace.</summary>
public sealed record AssessmentError
{
    /// <summary>The code MLflow uses for an exception raised while scoring.</summary>
    public const string ScorerErrorCode = "SCORER_ERROR";

    /// <summary>The error code, for example <c>SCORER_ERROR</c>.</summary>
    public required string ErrorCode { get; init; }

    /// <summary>The message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The stack trace, when known.</summary>
    public string? StackTrace { get; init; }
}
