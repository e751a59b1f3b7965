using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Stores.Databricks;
using MlflowScorers.Tests.Contract;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Databricks;

/// <summary>
/// A client for the tracking URI <c>databricks</c> built the way the SDK builds one (resolver, auth chain, handler chain), over
/// its own connection pool, with a counting store and a fresh experiment.
/// </summary>
internal sealed class DatabricksTestClient : IAsyncDisposable
{
    public const string Token = "dapi-test-token";

    private readonly HttpClient _http;

    private DatabricksTestClient(MlflowClient client, CountingStore store, DatabricksScorerStore inner, string experimentId, HttpClient http)
    {
        Client = client;
        Store = store;
        Inner = inner;
        ExperimentId = experimentId;
        _http = http;
    }

    public MlflowClient Client { get; }

    public CountingStore Store { get; }

    public DatabricksScorerStore Inner { get; }

    public string ExperimentId { get; }

    /// <summary>Options with the fake's host and a personal access token; <paramref name="configure"/> changes them.</summary>
    public static MlflowClientOptions Options(FakeDatabricksServer server, Action<MlflowClientOptions>? configure = null)
    {
        var options = new MlflowClientOptions
        {
            TrackingUri = "databricks",
            Retry = { MaxRetries = 0, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            Databricks = { Host = server.Url, Token = Token },
        };
        configure?.Invoke(options);
        return options;
    }

    public static async Task<DatabricksTestClient> CreateAsync(
        FakeDatabricksServer server,
        Action<MlflowClientOptions>? configure = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? experimentId = null)
    {
        var options = Options(server, configure);
        var env = environment ?? new Dictionary<string, string?>();
        var settings = ClientSettings.Resolve(options, env);
        var http = MlflowHttpPipeline.CreateHttpClient(
            ScorerStoreFactory.TransportSettings(settings, settings.Connection.ServerAddress!), new SocketsHttpHandler());
        var inner = (DatabricksScorerStore)ScorerStoreFactory.Create(settings, http);
        var store = new CountingStore(inner);
        options.ExperimentId = experimentId ?? await store.CreateExperimentAsync("dbx-" + Guid.NewGuid().ToString("N")[..8], default);
        var client = new MlflowClient(ClientSettings.Resolve(options, env), store);
        return new DatabricksTestClient(client, store, inner, options.ExperimentId, http);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _http.Dispose();
    }
}
