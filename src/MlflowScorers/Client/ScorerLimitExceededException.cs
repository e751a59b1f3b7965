using System;

namespace MlflowScorers;

/// <summary>
/// Registering another scorer would give the experiment more than 20 scorers, the limit for continuous quality monitoring.
/// Server-run and .NET-hosted scorers count together. Nothing was changed.
/// </summary>
public class ScorerLimitExceededException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    public ScorerLimitExceededException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The experiment, its scorers and what to do.</param>
    public ScorerLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The experiment, its scorers and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ScorerLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
