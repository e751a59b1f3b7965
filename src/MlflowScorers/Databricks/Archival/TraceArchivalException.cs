using System;
using System.Net;

namespace MlflowScorers;

/// <summary>Why the workspace refused to enable or disable trace archival.</summary>
public enum TraceArchivalFailure
{
    /// <summary>Enabling: the workspace does not know the experiment (HTTP 404).</summary>
    ExperimentNotFound,

    /// <summary>Enabling: the experiment already archives its traces (HTTP 409); disable it first.</summary>
    AlreadyConfigured,

    /// <summary>Disabling: the experiment does not exist or archives nothing (HTTP 404; the workspace does not say which).</summary>
    NotConfigured,
}

/// <summary>
/// A Databricks workspace refused to enable or disable trace archival for a known reason, <see cref="Reason"/>. The server's
/// <c>error_code</c> is <see cref="MlflowException.ErrorCode"/>, and its message ends this one.
/// </summary>
public class TraceArchivalException : MlflowApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why archival was refused.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The server's error code.</param>
    /// <param name="message">What happened and what to do, with the server's message.</param>
    /// <param name="responseContent">The response body, truncated; it never holds credentials.</param>
    /// <param name="requestId">The server's request id, when it sent one.</param>
    /// <param name="innerException">The server's error.</param>
    public TraceArchivalException(
        TraceArchivalFailure reason,
        HttpStatusCode statusCode,
        MlflowErrorCode errorCode,
        string message,
        string? responseContent = null,
        string? requestId = null,
        Exception? innerException = null)
        : base(statusCode, errorCode, message, responseContent, requestId, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why archival was refused.</summary>
    public TraceArchivalFailure Reason { get; }
}
