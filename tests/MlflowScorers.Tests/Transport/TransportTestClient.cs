using System;
using System.Net.Http;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

/// <summary>A REST client over the real handler chain, for transport tests.</summary>
internal sealed class TransportTestClient : IDisposable
{
    private readonly HttpClient _httpClient;

    public TransportTestClient(
        string url,
        MlflowRetryOptions? retry = null,
        TimeProvider? timeProvider = null,
        IRequestAuthenticator? authenticator = null,
        string? applicationId = null,
        HttpMessageHandler? innermost = null)
    {
        var settings = new MlflowTransportSettings(
            new Uri(url),
            authenticator,
            (retry ?? ZeroDelay(0)).Freeze(),
            applicationId,
            timeProvider ?? TimeProvider.System);
        // By default its own connection pool, closed on dispose: no connection, or request still on one, outlives the test.
        _httpClient = MlflowHttpPipeline.CreateHttpClient(settings, innermost ?? new SocketsHttpHandler());
        Rest = new MlflowRestClient(_httpClient, settings.BaseAddress);
    }

    public MlflowRestClient Rest { get; }

    public static MlflowRetryOptions ZeroDelay(int maxRetries) =>
        new() { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    public void Dispose() => _httpClient.Dispose();
}
