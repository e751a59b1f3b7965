using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// Sends <c>Authorization: Bearer</c> with a cached, refreshed token on every attempt. For Entra ID service principals given
/// with a workspace resource id it also sends <c>X-Databricks-Azure-SP-Management-Token</c> and
/// <c>X-Databricks-Azure-Workspace-Resource-Id</c>, as the Databricks SDKs do.
/// </summary>
internal sealed class DatabricksTokenAuthenticator : IRequestAuthenticator
{
    /// <summary>The header with the Azure service-management token.</summary>
    public const string ManagementTokenHeader = "X-Databricks-Azure-SP-Management-Token";

    /// <summary>The header with the workspace's Azure resource id.</summary>
    public const string WorkspaceResourceIdHeader = "X-Databricks-Azure-Workspace-Resource-Id";

    private readonly string _method;
    private readonly CachedAccessToken _token;
    private readonly CachedAccessToken? _managementToken;
    private readonly string? _workspaceResourceId;

    /// <param name="method">The auth method's name, for messages (for example <c>oauth-m2m</c>).</param>
    /// <param name="token">The bearer token.</param>
    /// <param name="managementToken">The Azure management token, or <see langword="null"/>.</param>
    /// <param name="workspaceResourceId">The workspace's Azure resource id, or <see langword="null"/>.</param>
    public DatabricksTokenAuthenticator(string method, CachedAccessToken token, CachedAccessToken? managementToken = null, string? workspaceResourceId = null)
    {
        _method = method;
        _token = token;
        _managementToken = managementToken;
        _workspaceResourceId = workspaceResourceId;
    }

    public async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await _token.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (_workspaceResourceId is not null)
        {
            request.Headers.Remove(WorkspaceResourceIdHeader);
            request.Headers.TryAddWithoutValidation(WorkspaceResourceIdHeader, _workspaceResourceId);
        }

        if (_managementToken is not null)
        {
            var management = await _managementToken.GetAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Remove(ManagementTokenHeader);
            request.Headers.TryAddWithoutValidation(ManagementTokenHeader, management);
        }
    }

    /// <summary>Names the method, never the token.</summary>
    public override string ToString() => $"Databricks {_method} token (hidden)";
}
