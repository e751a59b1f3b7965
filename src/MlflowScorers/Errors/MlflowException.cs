using System;

namespace MlflowScorers;

/// <summary>
/// The base type of every exception that MlflowScorers throws on purpose. <see cref="ErrorCode"/> says what kind of failure
/// it is; failures found before any request was sent carry a code but no HTTP status (only <see cref="MlflowApiException"/>
/// has one).
/// </summary>
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

    /// <summary>Creates an exception with an error code, a message and, optionally, its cause.</summary>
    /// <param name="errorCode">The MLflow error code, for example <c>INVALID_PARAMETER_VALUE</c>.</param>
    /// <param name="message">What went wrong and, where possible, what would work.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MlflowException(MlflowErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The MLflow error code; empty (<c>default</c>) when the exception was created without one.</summary>
    public MlflowErrorCode ErrorCode { get; }
}
