namespace MlflowScorers.Judges;

/// <summary>A judge call failed in a way MLflow reports with an error code (for example an unparsable reply).</summary>
internal sealed class JudgeException : MlflowException
{
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    public JudgeException(string errorCode, string message)
        : base(new MlflowErrorCode(errorCode), message)
    {
    }
}
