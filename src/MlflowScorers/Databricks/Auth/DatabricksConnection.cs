using System;
using MlflowScorers.Configuration;
using MlflowScorers.Configuration.Databricks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// The one way every part of the SDK (the client of a <c>databricks</c> tracking URI, judges on <c>databricks:/&lt;endpoint&gt;</c>
/// models, the OTLP exporter) turns a resolved Databricks configuration into the workspace's address and its credentials.
/// </summary>
internal static class DatabricksConnection
{
    /// <summary>The scheme of the tracking URIs <c>databricks</c> and <c>databricks://&lt;profile&gt;</c>.</summary>
    public const string DatabricksScheme = "databricks";

    /// <summary>
    /// Chooses the auth method (<see cref="DatabricksCredentialChain"/>) and checks <see cref="CredentialRule"/> for the
    /// workspace. OAuth token requests go through their own HTTP client, with the given retries but without Databricks
    /// credentials. Nothing here does I/O: tokens are fetched, cached and refreshed on the requests that need them.
    /// </summary>
    /// <exception cref="DatabricksAuthenticationException">No auth method is fully configured.</exception>
    /// <exception cref="ArgumentException">A value is malformed.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static DatabricksWorkspace Authenticate(DatabricksConfig config, MlflowRetryOptions retry, string? applicationId, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(config);
        var credentials = DatabricksCredentialChain.Select(
            config,
            () => MlflowHttpPipeline.CreateHttpClient(new MlflowTransportSettings(config.Host!, Authenticator: null, retry, applicationId, timeProvider)),
            timeProvider);
        var workspace = new DatabricksWorkspace(
            credentials.Host, MlflowCredentials.FromAuthenticator(credentials.Authenticator, $"Databricks {credentials.Method} credentials"));
        CredentialRule.EnsureAllowed(workspace.Host, workspace.Credentials, $"{DatabricksSetting.Host.EnvironmentVariable} (from {config.SourceOf(DatabricksSetting.Host)})");
        return workspace;
    }

    /// <summary>Points the resolved connection of a <c>databricks</c> tracking URI at the workspace, with its credentials.</summary>
    /// <exception cref="DatabricksAuthenticationException">No auth method is fully configured.</exception>
    /// <exception cref="ArgumentException">A value is malformed.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static MlflowConnection Bind(
        MlflowConnection connection, DatabricksConfig config, MlflowRetryOptions retry, string? applicationId, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var workspace = Authenticate(config, retry, applicationId, timeProvider);
        return connection.WithServer(workspace.Host, workspace.Credentials, DatabricksSetting.Host.EnvironmentVariable);
    }

    /// <summary>
    /// The workspace and credentials of a connection already bound by <see cref="Bind"/>, so another part shares its
    /// authenticator (one token cache) instead of building a second one; <see langword="null"/> for other connections.
    /// </summary>
    public static DatabricksWorkspace? Of(MlflowConnection connection) =>
        connection is { Scheme: DatabricksScheme, ServerAddress: { } host, Credentials: { } credentials } ? new DatabricksWorkspace(host, credentials) : null;
}

/// <summary>A Databricks workspace and the credentials every request to it carries (checked against <see cref="CredentialRule"/>).</summary>
/// <param name="Host">The workspace address, with a trailing slash.</param>
/// <param name="Credentials">The chosen method's authenticator; it fetches, caches and refreshes tokens per request.</param>
internal sealed record DatabricksWorkspace(Uri Host, MlflowCredentials Credentials);
