using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace MlflowScorers.Tests.Databricks;

/// <summary>An Azure.Identity credential that hands out one token per scope and records the scopes asked for.</summary>
internal sealed class FakeTokenCredential(Func<string, string> tokenForScope) : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var scope = string.Join(" ", requestContext.Scopes);
        Scopes.Enqueue(scope);
        return new AccessToken(tokenForScope(scope), TimeProvider.System.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
