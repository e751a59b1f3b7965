using System;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Configuration;

/// <summary>
/// Where the SDK talks to, resolved once: the tracking URI, the experiment (by id, by name, or both, which must then name the
/// same experiment) and the credentials. Built only by <see cref="MlflowSettingsResolver"/>, which has checked the URI's
/// form and the credential rule, so every consumer (client, tracing, judges) can use it as it is.
/// </summary>
internal sealed record MlflowConnection
{
    /// <summary>MLflow's default tracking URI: a SQLite file in the working directory.</summary>
    public const string DefaultTrackingUri = "sqlite:///mlflow.db";

    private MlflowConnection()
    {
    }

    public string TrackingUri { get; private init; } = DefaultTrackingUri;

    /// <summary>The lower-case scheme of <see cref="TrackingUri"/>, for example <c>http</c>, <c>sqlite</c> or <c>databricks</c>.</summary>
    public string Scheme { get; private init; } = "sqlite";

    /// <summary>The server's address, with a trailing slash, for <c>http(s)</c> tracking URIs; otherwise <see langword="null"/>.</summary>
    public Uri? ServerAddress { get; private init; }

    /// <summary>The absolute path of the database file for <c>sqlite</c> tracking URIs; otherwise <see langword="null"/>.</summary>
    public string? DatabasePath { get; private init; }

    public string? ExperimentId { get; private init; }

    public string? ExperimentName { get; private init; }

    public MlflowCredentials? Credentials { get; private init; }

    /// <summary>Checks and builds a connection.</summary>
    /// <exception cref="ArgumentException">The tracking URI is malformed, or the credentials are incomplete.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    internal static MlflowConnection Create(
        string trackingUri, string? experimentId, string? experimentName, MlflowCredentials? credentials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingUri);
        var colon = trackingUri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? trackingUri[..colon].ToLowerInvariant() : trackingUri.ToLowerInvariant();
        Uri? server = null;
        string? databasePath = null;
        switch (scheme)
        {
            case "http" or "https":
                server = ServerAddressOf(trackingUri);
                CredentialRule.EnsureAllowed(server, credentials, SettingKey.TrackingUri.ToString());
                break;
            case "sqlite":
                try
                {
                    databasePath = SqliteTrackingUri.ToDatabasePath(trackingUri);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException(e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal), SettingKey.TrackingUri.ConfigurationKey, e);
                }

                break;
        }

        return new MlflowConnection
        {
            TrackingUri = trackingUri,
            Scheme = scheme,
            ServerAddress = server,
            DatabasePath = databasePath,
            ExperimentId = experimentId,
            ExperimentName = experimentName,
            Credentials = credentials,
        };
    }

    /// <summary>
    /// The same connection sent to a server that another part resolved (a Databricks workspace), with its credentials, after
    /// checking the credential rule.
    /// </summary>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    internal MlflowConnection WithServer(Uri serverAddress, MlflowCredentials credentials, string setting)
    {
        ArgumentNullException.ThrowIfNull(serverAddress);
        CredentialRule.EnsureAllowed(serverAddress, credentials, setting);
        return this with { ServerAddress = serverAddress, Credentials = credentials };
    }

    /// <summary>Never shows credentials.</summary>
    public override string ToString() =>
        $"TrackingUri = {TrackingUri}, ExperimentId = {ExperimentId}, ExperimentName = {ExperimentName}, Credentials = {Credentials?.ToString() ?? "none"}";

    private static Uri ServerAddressOf(string trackingUri)
    {
        if (!Uri.TryCreate(trackingUri.EndsWith('/') ? trackingUri : trackingUri + "/", UriKind.Absolute, out var address)
            || string.IsNullOrEmpty(address.Host))
        {
            throw new ArgumentException(
                $"The tracking URI '{trackingUri}' is not a valid server address: expected http(s)://host[:port][/path], for example http://127.0.0.1:5000.",
                SettingKey.TrackingUri.ConfigurationKey);
        }

        return address;
    }
}
