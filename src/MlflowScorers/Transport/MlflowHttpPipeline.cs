using System;
using System.Net.Http;
using System.Threading;

namespace MlflowScorers.Transport;

/// <summary>Builds the handler chain shared by every way of constructing a client: User-Agent → retry → auth → transport.</summary>
internal static class MlflowHttpPipeline
{
    /// <summary>Creates the chain; <paramref name="innermost"/> defaults to the shared sockets handler.</summary>
    public static HttpMessageHandler CreateHandlerChain(MlflowTransportSettings settings, HttpMessageHandler? innermost = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        HttpMessageHandler handler = innermost ?? new SharedSocketsHandler();
        if (settings.Authenticator is not null)
        {
            handler = new AuthenticationHandler(settings.Authenticator) { InnerHandler = handler };
        }

        handler = new MlflowRetryHandler(settings.Retry, settings.TimeProvider, settings.Logger) { InnerHandler = handler };
        return new UserAgentHandler(settings.ApplicationId) { InnerHandler = handler };
    }

    /// <summary>
    /// Creates an <see cref="HttpClient"/> over the chain. Its own timeout is switched off: the retry handler's attempt and
    /// total timeouts apply instead.
    /// </summary>
    public static HttpClient CreateHttpClient(MlflowTransportSettings settings, HttpMessageHandler? innermost = null) =>
        new(CreateHandlerChain(settings, innermost), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
}
