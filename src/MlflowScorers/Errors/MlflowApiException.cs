using System;
using System.Net;

namespace MlflowScorers;

/// <summary>
/// A server answered with an error. <see cref="MlflowException.ErrorCode"/> carries MLflow's <c>error_code</c> (or one derived from the
/// HTTP status when the body was not MLflow's JSON envelope), and the message is the server's own.
/// </summary>
public class MlflowApiException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The MLflow error code.</param>
    /// <param name="message">The message to show.</param>
    /// <param name="responseContent">The response body, truncated; it never holds credentials.</param>
    /// <param name="requestId">The server's request id, when it sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MlflowApiException(
        HttpStatusCode statusCode,
        MlflowErrorCode errorCode,
        string message,
        string? responseContent = null,
        string? requestId = null,
        Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
        StatusCode = statusCode;
        ResponseContent = responseContent;
        RequestId = requestId;
    }

    /// <summary>The HTTP status of the response; the local store reports the status an MLflow server would send for the same error.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's request id, when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The response body, truncated to a few kilobytes. It never holds credentials.</summary>
    public string? ResponseContent { get; }
}
