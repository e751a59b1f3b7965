using System;
using MlflowScorers.Configuration;
using MlflowScorers.Configuration.Databricks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Auth;

/// <summary>Turns the resolved connection of a <c>databricks</c> tracking URI into one to the workspace, with its credentials.</summary>
internal static class DatabricksConnection
{
    /// <summary>
    /// Chooses the auth method (<see cref="DatabricksCredentialChain"/>) and points the connection at the workspace. OAuth
    /// token requests go through their own HTTP client, with the same retries but without Databricks credentials.
    /// </summary>
    /// <exception cref="DatabricksAuthenticationException">No auth method is fully configured.</exception>
    /// <exception cref="ArgumentException">A value is malformed.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static MlflowConnection Bind(
        MlflowConnection connection, DatabricksConfig config, MlflowRetryOptions retry, string? applicationId, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = DatabricksCredentialChain.Select(
            config,
            () => MlflowHttpPipeline.CreateHttpClient(new MlflowTransportSettings(config.Host!, Authenticator: null, retry, applicationId, timeProvider)),
            timeProvider);
        return connection.WithServer(
            credentials.Host,
            MlflowCredentials.FromAuthenticator(credentials.Authenticator, $"Databricks {credentials.Method} credentials"),
            DatabricksSetting.Host.EnvironmentVariable);
    }
}
