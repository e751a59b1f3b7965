using System;

namespace MlflowScorers;

/// <summary>
/// The backend could not be reached: every attempt failed to connect or lost its connection. The message names the
/// address, the number of attempts and the last error, which is also <see cref="Exception.InnerException"/>. Retried as far
/// as <see cref="MlflowRetryOptions"/> allows before it is thrown. <see cref="MlflowException.ErrorCode"/> is
/// <c>TEMPORARILY_UNAVAILABLE</c>; there is no HTTP status, since no response arrived.
/// </summary>
public class MlflowConnectionException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requestUri">The address that could not be reached.</param>
    /// <param name="attempts">How many attempts were made.</param>
    /// <param name="innerException">The last attempt's error.</param>
    public MlflowConnectionException(Uri requestUri, int attempts, Exception innerException)
        : base(
            MlflowErrorCode.TemporarilyUnavailable,
            $"Could not reach {requestUri?.GetLeftPart(UriPartial.Path)} after {attempts} attempt{(attempts == 1 ? string.Empty : "s")} (last error: {innerException?.Message}). "
                + "Check that the MLflow server is running at the tracking URI (MLFLOW_TRACKING_URI); MlflowClientOptions.Retry sets how often and how long the SDK retries.",
            innerException)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(innerException);
        RequestUri = requestUri;
        Attempts = attempts;
    }

    /// <summary>The address that could not be reached (without its query string).</summary>
    public Uri RequestUri { get; }

    /// <summary>How many attempts were made before giving up.</summary>
    public int Attempts { get; }
}
