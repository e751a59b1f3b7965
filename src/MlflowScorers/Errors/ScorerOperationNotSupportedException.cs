using System;

namespace MlflowScorers;

/// <summary>
/// The operation is impossible on the chosen backend, for example starting a server-run scorer on an MLflow 3.6 server
/// that has no online-scoring endpoints. The message names the backend and what would work instead. Nothing was changed.
/// </summary>
public class ScorerOperationNotSupportedException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    public ScorerOperationNotSupportedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is impossible, where, and what would work.</param>
    public ScorerOperationNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is impossible, where, and what would work.</param>
    /// <param name="innerException">The cause.</param>
    public ScorerOperationNotSupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
