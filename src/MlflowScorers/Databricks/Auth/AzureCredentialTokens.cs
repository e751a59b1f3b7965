using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace MlflowScorers.Databricks.Auth;

/// <summary>Tokens from an Azure.Identity <see cref="TokenCredential"/> for one scope.</summary>
internal sealed class AzureCredentialTokens
{
    /// <summary>The Entra ID scope of Azure Databricks (its application id).</summary>
    public const string DatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    /// <summary>The Azure service-management scope, for <c>X-Databricks-Azure-SP-Management-Token</c>.</summary>
    public const string ManagementScope = "https://management.core.windows.net//.default";

    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly TimeProvider _timeProvider;

    public AzureCredentialTokens(TokenCredential credential, string scope, TimeProvider timeProvider)
    {
        _credential = credential;
        _context = new TokenRequestContext([scope]);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets a token; Azure.Identity's own exceptions pass through unchanged.</summary>
    public async ValueTask<IssuedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var token = await _credential.GetTokenAsync(_context, cancellationToken).ConfigureAwait(false);
        return new IssuedToken(token.Token, _timeProvider.GetUtcNow(), token.ExpiresOn);
    }
}
