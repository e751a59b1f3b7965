using System;

namespace MlflowScorers.Cli.Errors;

/// <summary>Bad input found by the tool itself, before any request: the message names the value and the rule it broke.</summary>
internal sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause (for example a file that is not valid JSON).</summary>
    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
