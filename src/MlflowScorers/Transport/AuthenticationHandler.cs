using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>
/// The innermost handler: adds credentials to every attempt. Whether the credentials may go to the address at all is
/// decided once, when they are configured (<c>Configuration.CredentialRule</c>), not per request.
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
        await _authenticator.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
