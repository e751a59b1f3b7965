using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Stores.Databricks;
using MlflowScorers.Stores.Local;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Contract;

/// <summary>One backend for the shared contract: a client over a counting store, and a fresh experiment.</summary>
internal sealed class ContractBackend : IAsyncDisposable
{
    private readonly IDisposable? _resource;
    private readonly string? _file;

    private ContractBackend(MlflowClient client, CountingStore store, string experimentId, IDisposable? resource, string? file)
    {
        Client = client;
        Store = store;
        ExperimentId = experimentId;
        _resource = resource;
        _file = file;
    }

    public MlflowClient Client { get; }

    public CountingStore Store { get; }

    public string ExperimentId { get; }

    public static async Task<ContractBackend> LocalAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-contract-{Guid.NewGuid():N}.db");
        var store = new CountingStore(new LocalScorerStore(file, TimeProvider.System));
        return await CreateAsync(store, "sqlite:///" + file, resource: null, file).ConfigureAwait(false);
    }

    public static async Task<ContractBackend> ServerAsync(FakeServerVersion version)
    {
        var server = FakeMlflowServer.Start(version);
        var baseAddress = new Uri(server.Url + "/");
        var settings = Settings(server.Url);
        var http = MlflowHttpPipeline.CreateHttpClient(ScorerStoreFactory.TransportSettings(settings, baseAddress));
        var store = new CountingStore(new MlflowServerStore(new MlflowRestClient(http, baseAddress)));
        return await CreateAsync(store, server.Url, new Disposables(server, http), file: null).ConfigureAwait(false);
    }

    /// <summary>A fake Databricks workspace (managed evals) with a personal access token, reached through the client's own settings.</summary>
    public static async Task<ContractBackend> DatabricksAsync(FakeDatabricksVersioning versioning)
    {
        const string token = "dapi-contract-token";
        var server = FakeDatabricksServer.Start(versioning);
        server.AcceptAuthorization = header => header == "Bearer " + token;
        var options = new MlflowClientOptions
        {
            TrackingUri = "databricks",
            ReadEnvironment = false,
            Retry = { MaxRetries = 0 },
            Databricks = { Host = server.Url, Token = token },
        };
        var connection = ClientSettings.Resolve(options).Connection;
        var http = MlflowHttpPipeline.CreateHttpClient(ScorerStoreFactory.TransportSettings(ClientSettings.Resolve(options), connection.ServerAddress!));
        var store = new CountingStore(new DatabricksScorerStore(new MlflowRestClient(http, connection.ServerAddress!), connection.Credentials!.Description));
        var experimentId = await store.CreateExperimentAsync("contract-" + Guid.NewGuid().ToString("N")[..8], default).ConfigureAwait(false);
        options.ExperimentId = experimentId;
        var client = new MlflowClient(ClientSettings.Resolve(options), store);
        return new ContractBackend(client, store, experimentId, new Disposables(server, http), file: null);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        _resource?.Dispose();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }

    private static async Task<ContractBackend> CreateAsync(CountingStore store, string uri, IDisposable? resource, string? file)
    {
        var experimentId = await store.CreateExperimentAsync("contract-" + Guid.NewGuid().ToString("N")[..8], default).ConfigureAwait(false);
        var client = new MlflowClient(Settings(uri, experimentId), store);
        return new ContractBackend(client, store, experimentId, resource, file);
    }

    private static ClientSettings Settings(string uri, string? experimentId = null) =>
        ClientSettings.Resolve(new MlflowClientOptions { TrackingUri = uri, ExperimentId = experimentId, ReadEnvironment = false, Retry = { MaxRetries = 0 } });

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
