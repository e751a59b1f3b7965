using System;
using MlflowScorers.Transport;

namespace MlflowScorers.Configuration;

/// <summary>
/// The one source of <c>Authorization</c> headers: a bearer token or basic credentials, turned into the
/// <see cref="IRequestAuthenticator"/> that the MLflow transport, the OTLP exporter and the judge channel all apply to each
/// attempt. Never shows the secret in <see cref="ToString"/>.
/// </summary>
internal sealed class MlflowCredentials
{
    private MlflowCredentials(IRequestAuthenticator authenticator, string description)
    {
        Authenticator = authenticator;
        Description = description;
    }

    /// <summary>Sets the header on one attempt.</summary>
    public IRequestAuthenticator Authenticator { get; }

    /// <summary>What kind of credentials these are, for messages; never the secret.</summary>
    public string Description { get; }

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public static MlflowCredentials Bearer(string token) => new(new BearerTokenAuthenticator(token), "bearer token");

    /// <summary><c>Authorization: Basic base64(user:password)</c>.</summary>
    public static MlflowCredentials Basic(string username, string password) =>
        new(new BasicAuthenticator(username, password), "basic credentials (user name and password)");

    /// <summary>Credentials another part resolved (Databricks unified auth); <paramref name="description"/> never holds the secret.</summary>
    public static MlflowCredentials FromAuthenticator(IRequestAuthenticator authenticator, string description)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new(authenticator, description);
    }

    /// <summary>
    /// The credentials the MLflow settings describe, as MLflow's Python client picks them: the token when set, else the user
    /// name and password, else none.
    /// </summary>
    /// <exception cref="ArgumentException">Only one of the user name and the password is set; the message names the missing one.</exception>
    public static MlflowCredentials? FromSettings(string? token, string? username, string? password)
    {
        if (token is not null)
        {
            return Bearer(token);
        }

        return (username, password) switch
        {
            (null, null) => null,
            ({ } user, { } secret) => Basic(user, secret),
            (null, _) => throw new ArgumentException(
                $"A tracking password is set but no user name: set {SettingKey.TrackingUsername} too, or remove the password.", SettingKey.TrackingUsername.ConfigurationKey),
            (_, null) => throw new ArgumentException(
                $"A tracking user name is set but no password: set {SettingKey.TrackingPassword} too, or remove the user name.", SettingKey.TrackingPassword.ConfigurationKey),
        };
    }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"{Description} (hidden)";
}
