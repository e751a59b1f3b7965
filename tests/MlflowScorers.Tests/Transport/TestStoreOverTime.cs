using System;
using System.Net.Http;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

/// <summary>A server store whose retry waits and timeouts run on a test clock.</summary>
internal sealed class TestStoreOverTime : IDisposable
{
    private readonly HttpClient _httpClient;

    public TestStoreOverTime(string url, MlflowRetryOptions retry, TimeProvider timeProvider)
    {
        var settings = new MlflowTransportSettings(new Uri(url), null, retry.Freeze(), null, timeProvider);
        // Its own connection pool, closed on dispose: no connection, or request still on one, outlives the test.
        _httpClient = MlflowHttpPipeline.CreateHttpClient(settings, new SocketsHttpHandler());
        Store = new MlflowServerStore(new MlflowRestClient(_httpClient, settings.BaseAddress));
    }

    public MlflowServerStore Store { get; }

    public void Dispose() => _httpClient.Dispose();
}
