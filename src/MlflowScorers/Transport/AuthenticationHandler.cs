using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>
/// The innermost handler: adds credentials to every attempt, and refuses to send them in clear text to a host that is not
/// this machine.
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly IRequestAuthenticator _authenticator;

    public AuthenticationHandler(IRequestAuthenticator authenticator)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        _authenticator = authenticator;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri
            ?? throw new InvalidOperationException("The request has no URI.");
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new MlflowException(
                $"Refusing to send credentials over plain HTTP to {uri.Host}: they would travel unencrypted. " +
                "Use an https:// tracking URI, or remove the credentials for an open server.");
        }

        await _authenticator.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
