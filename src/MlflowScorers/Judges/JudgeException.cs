namespace MlflowScorers.Judges;

/// <summary>A judge call failed in a way MLflow reports with an error code (for example an unparsable reply).</summary>
internal sealed class JudgeException : MlflowException
{
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    public JudgeException(string errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    /// <summary>MLflow's error code for this failure.</summary>
    public string ErrorCode { get; }
}
