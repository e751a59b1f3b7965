namespace MlflowScorers.Cli.Errors;

/// <summary>
/// The exit codes of <c>mlflow-scorers</c>, the one place they are defined. Scripts may rely on them: a code keeps its meaning
/// in later versions.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure inside the tool (a bug): the message says what; <c>--verbose</c> shows the stack.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: an unknown command or option, a value that breaks a rule, an unreadable file, or the server's
    /// INVALID_PARAMETER_VALUE / BAD_REQUEST, or something that already exists (RESOURCE_ALREADY_EXISTS, trace archival
    /// already configured). Nothing was changed.</summary>
    public const int BadInput = 2;

    /// <summary>The scorer, version, trace or experiment does not exist (RESOURCE_DOES_NOT_EXIST).</summary>
    public const int NotFound = 3;

    /// <summary>The backend refused the credentials (UNAUTHENTICATED, PERMISSION_DENIED, HTTP 401 / 403).</summary>
    public const int AuthFailure = 4;

    /// <summary>The backend failed or could not be reached: HTTP 5xx, INTERNAL_ERROR, TEMPORARILY_UNAVAILABLE, a connection
    /// failure or a timeout, after the SDK's retries.</summary>
    public const int ServerError = 5;

    /// <summary>Another writer changed the same scorer list at the same time and this write lost (ABORTED, RESOURCE_CONFLICT,
    /// HTTP 409, or the SDK's <see cref="ScorerWriteConflictException"/> on Databricks). Read again and retry.</summary>
    public const int LostRace = 6;

    /// <summary>The backend cannot do this (for example starting a server-run judge on MLflow 3.6) or a limit was reached
    /// (20 scorers per experiment).</summary>
    public const int Unsupported = 7;

    /// <summary>A destructive operation was not confirmed: declined at the prompt, or no terminal to ask and no <c>--yes</c>.</summary>
    public const int NotConfirmed = 8;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The table above in one sentence, for <c>--help</c>.</summary>
    public static string Summary { get; } =
        $"Exit codes: {Success} success, {InternalError} internal error, {BadInput} bad input, {NotFound} not found, {AuthFailure} auth failure, "
        + $"{ServerError} server error, {LostRace} lost race, {Unsupported} not supported or limit reached, {NotConfirmed} not confirmed, {Cancelled} cancelled.";
}
