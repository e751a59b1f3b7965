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
        ArgumentNullException.ThrowIfNull(settings);
        var connection = settings.Connection;
        switch (connection.Scheme)
        {
            case "sqlite":
                return new LocalScorerStore(connection.DatabasePath!, settings.TimeProvider);
            case "http" or "https":
                var baseAddress = connection.ServerAddress!;
                var client = httpClient ?? MlflowHttpPipeline.CreateHttpClient(TransportSettings(settings, baseAddress));
                return new MlflowServerStore(new MlflowRestClient(client, baseAddress), settings.TimeProvider);
            case "databricks":
                throw new ScorerOperationNotSupportedException(
                    $"Tracking URI '{connection.TrackingUri}' selects Databricks, which this version of MlflowScorers does not support yet. Use an MLflow server (http(s)://...) or a local database (sqlite:///mlflow.db).");
            default:
                throw new ArgumentException(
                    $"Tracking URI '{connection.TrackingUri}' is not supported: scorer registration works with the schemes http, https and sqlite (for example http://127.0.0.1:5000 or sqlite:///mlflow.db).",
                    nameof(settings));
        }
    }

    /// <summary>The transport settings for an HTTP backend.</summary>
    public static MlflowTransportSettings TransportSettings(ClientSettings settings, Uri baseAddress) =>
        new(baseAddress, settings.Connection.Credentials?.Authenticator, settings.Retry, settings.ApplicationId, settings.TimeProvider);
}
