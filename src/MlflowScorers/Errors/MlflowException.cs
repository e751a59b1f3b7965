using System;

namespace MlflowScorers;

/// <summary>The base type of every exception that MlflowScorers throws on purpose.</summary>
public class MlflowException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public MlflowException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what would work.</param>
    public MlflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what would work.</param>
    /// <param name="innerException">The cause.</param>
    public MlflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
