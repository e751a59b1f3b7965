using System;

namespace MlflowScorers;

/// <summary>
/// No Databricks credential could be configured or obtained. The message lists the methods tried, in order, and what each one
/// was missing, or what the token endpoint answered; it never contains a secret.
/// </summary>
public class DatabricksAuthenticationException : MlflowException
{
    /// <summary>Creates the exception.</summary>
    public DatabricksAuthenticationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The methods tried and what was missing.</param>
    public DatabricksAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The methods tried and what was missing.</param>
    /// <param name="innerException">The cause.</param>
    public DatabricksAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
