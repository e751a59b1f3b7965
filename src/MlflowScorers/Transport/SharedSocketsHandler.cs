using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>
/// The default innermost handler: forwards to one process-wide <see cref="SocketsHttpHandler"/> (connections are pooled and
/// recycled for DNS changes). Disposing a client's chain never disposes the shared handler.
/// </summary>
internal sealed class SharedSocketsHandler : HttpMessageHandler
{
    private static readonly HttpMessageInvoker s_invoker = new(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
        disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        s_invoker.SendAsync(request, cancellationToken);
}
