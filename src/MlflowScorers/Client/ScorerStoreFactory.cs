using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Databricks;
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
                return new MlflowServerStore(
                    new MlflowRestClient(client, baseAddress), settings.TimeProvider, settings.LoggerFactory.CreateLogger(MlflowLog.ClientCategory));
            case ClientSettings.DatabricksScheme:
                var workspace = connection.ServerAddress!;
                var http = httpClient ?? MlflowHttpPipeline.CreateHttpClient(TransportSettings(settings, workspace));
                return new DatabricksScorerStore(new MlflowRestClient(http, workspace), connection.Credentials!.Description, settings.TimeProvider);
            default:
                throw new ArgumentException(
                    $"Tracking URI '{connection.TrackingUri}' is not supported: scorer registration works with the schemes http, https, sqlite and databricks (for example http://127.0.0.1:5000, sqlite:///mlflow.db or databricks://my-profile).",
                    nameof(settings));
        }
    }

    /// <summary>The transport settings for an HTTP backend.</summary>
    public static MlflowTransportSettings TransportSettings(ClientSettings settings, Uri baseAddress) =>
        new(baseAddress, settings.Connection.Credentials?.Authenticator, settings.Retry, settings.ApplicationId, settings.TimeProvider,
            settings.LoggerFactory.CreateLogger(MlflowLog.TransportCategory));
}
