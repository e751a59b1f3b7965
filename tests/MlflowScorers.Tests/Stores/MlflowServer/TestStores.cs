using System;
using System.Net.Http;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>Builds an <see cref="MlflowServerStore"/> over the real handler chain against a local fake server.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly HttpClient _httpClient;

    public TestStore(string url, int maxRetries = 0, TimeProvider? timeProvider = null)
    {
        var settings = new MlflowTransportSettings(
            new Uri(url),
            Authenticator: null,
            new MlflowRetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }.Freeze(),
            ApplicationId: null,
            TimeProvider.System);
        // Its own connection pool, closed on dispose: no connection, or request still on one, outlives the test.
        _httpClient = MlflowHttpPipeline.CreateHttpClient(settings, new SocketsHttpHandler());
        Store = new MlflowServerStore(new MlflowRestClient(_httpClient, settings.BaseAddress), timeProvider);
    }

    public MlflowServerStore Store { get; }

    public void Dispose()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _httpClient.Dispose();
    }
}
