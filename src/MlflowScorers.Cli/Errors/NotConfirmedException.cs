using System;

namespace MlflowScorers.Cli.Errors;

/// <summary>A destructive operation was declined at the prompt, or could not be asked about and had no <c>--yes</c>.</summary>
internal sealed class NotConfirmedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotConfirmedException(string message)
        : base(message)
    {
    }
}
