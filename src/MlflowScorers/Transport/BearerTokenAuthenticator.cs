using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>Sends <c>Authorization: Bearer &lt;token&gt;</c> (MLFLOW_TRACKING_TOKEN, or a Databricks PAT).</summary>
internal sealed class BearerTokenAuthenticator : IRequestAuthenticator
{
    private readonly string _token;

    public BearerTokenAuthenticator(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token;
    }

    public ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => "Bearer token (hidden)";
}
