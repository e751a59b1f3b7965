using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>Sends <c>Authorization: Basic base64(user:password)</c> (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD).</summary>
internal sealed class BasicAuthenticator : IRequestAuthenticator
{
    private readonly string _encoded;

    public BasicAuthenticator(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A basic-auth user name cannot contain ':'.", nameof(user));
        }

        _encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
    }

    public ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _encoded);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => "Basic credentials (hidden)";
}
