using System;
using System.Net.Http;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Transport;

namespace MlflowScorers.Client;

/// <summary>Chooses the backend from the tracking URI's scheme, as MLflow's own scorer store registry does.</summary>
internal static class ScorerStoreFactory
{
    public static IScorerStore Create(ClientSettings settings, HttpClient? httpClient)
    {
        var uri = settings.TrackingUri;
        var scheme = uri.Contains(':', StringComparison.Ordinal) ? uri[..uri.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant() : uri;
        switch (scheme)
        {
            case "sqlite":
                return LocalScorerStore.FromUri(uri, settings.TimeProvider);
            case "http" or "https":
                var baseAddress = new Uri(uri.EndsWith('/') ? uri : uri + "/", UriKind.Absolute);
                var client = httpClient ?? MlflowHttpPipeline.CreateHttpClient(TransportSettings(settings, baseAddress));
                return new MlflowServerStore(new MlflowRestClient(client, baseAddress), settings.TimeProvider);
            case "databricks":
                throw new ScorerOperationNotSupportedException(
                    $"Tracking URI '{uri}' selects Databricks, which this version of MlflowScorers does not support yet. Use an MLflow server (http(s)://...) or a local database (sqlite:///mlflow.db).");
            default:
                throw new ArgumentException(
                    $"Tracking URI '{uri}' is not supported: scorer registration works with the schemes http, https and sqlite (for example http://127.0.0.1:5000 or sqlite:///mlflow.db).",
                    nameof(settings));
        }
    }

    /// <summary>The transport settings for an HTTP backend.</summary>
    public static MlflowTransportSettings TransportSettings(ClientSettings settings, Uri baseAddress) =>
        new(baseAddress, Authenticator(settings), settings.Retry, settings.ApplicationId, settings.TimeProvider);

    /// <summary>The credentials to send: the token, else user name and password, else none.</summary>
    public static IRequestAuthenticator? Authenticator(ClientSettings settings) =>
        settings.Token is { } token
            ? new BearerTokenAuthenticator(token)
            : settings.Username is { } user
                ? new BasicAuthenticator(user, settings.Password ?? string.Empty)
                : null;
}
