using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// The OAuth token endpoint (<c>/oidc/v1/token</c>) of the fake Databricks workspaces, for one service principal: a
/// client-credentials grant with scope <c>all-apis</c> and basic client credentials, as the Databricks SDKs send it, gets
/// <c>oauth-token-N</c>. Thread-safe.
/// </summary>
public sealed class FakeOAuthTokens
{
    private string? _clientId;
    private string? _clientSecret;
    private int _issued;

    /// <summary>How many tokens were issued.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>How long issued tokens live, in seconds.</summary>
    public int LifetimeSeconds { get; set; } = 3600;

    /// <summary>Whether a service principal was set with <see cref="Use"/>.</summary>
    public bool Enabled => _clientId is not null;

    /// <summary>The Authorization header that carries the latest issued token.</summary>
    public string LatestAuthorization => $"Bearer oauth-token-{Issued}";

    /// <summary>Accepts this service principal's credentials from now on.</summary>
    public void Use(string clientId, string clientSecret)
    {
        _clientId = clientId;
        _clientSecret = clientSecret;
    }

    /// <summary>The status and JSON body the endpoint answers to a token request.</summary>
    /// <param name="authorization">The request's Authorization header.</param>
    /// <param name="form">The request's form body.</param>
    public (int Status, JsonObject Body) Answer(string? authorization, string form)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_clientId}:{_clientSecret}"));
        if (_clientId is null || authorization != expected)
        {
            return (401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed." });
        }

        var fields = form.Split('&').Select(p => p.Split('=')).Where(p => p.Length == 2)
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        if (fields.GetValueOrDefault("grant_type") != "client_credentials" || fields.GetValueOrDefault("scope") != "all-apis")
        {
            return (400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Unsupported grant or scope." });
        }

        var number = Interlocked.Increment(ref _issued);
        return (200, new JsonObject
        {
            ["access_token"] = $"oauth-token-{number}",
            ["token_type"] = "Bearer",
            ["expires_in"] = LifetimeSeconds,
            ["scope"] = "all-apis",
        });
    }
}
