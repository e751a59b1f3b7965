using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>Adds credentials to one HTTP attempt. Implementations never reveal the secret in messages or <c>ToString()</c>.</summary>
internal interface IRequestAuthenticator
{
    /// <summary>Sets the request's <c>Authorization</c> header.</summary>
    ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
