using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using WireMock;

namespace MlflowScorers.Tests.Support;

public sealed partial class FakeDatabricksServer
{
    private string? _clientId;
    private string? _clientSecret;
    private int _tokensIssued;

    /// <summary>How many OAuth tokens the token endpoint issued.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>How long issued tokens live, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>
    /// Turns on the OAuth token endpoint for one service principal: a client-credentials grant with scope <c>all-apis</c>
    /// and basic client credentials gets <c>oauth-token-N</c>; managed-evals calls then need the latest issued token.
    /// </summary>
    public void UseServicePrincipal(string clientId, string clientSecret)
    {
        _clientId = clientId;
        _clientSecret = clientSecret;
        AcceptAuthorization = header => header == $"Bearer oauth-token-{TokensIssued}";
    }

    private ResponseMessage HandleToken(IRequestMessage message)
    {
        var request = Record(message);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_clientId}:{_clientSecret}"));
        if (_clientId is null || request.Authorization != expected)
        {
            return Json(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed." });
        }

        var form = request.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.GetValueOrDefault("scope") != "all-apis")
        {
            return Json(400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Unsupported grant or scope." });
        }

        var number = Interlocked.Increment(ref _tokensIssued);
        return Json(200, new JsonObject
        {
            ["access_token"] = $"oauth-token-{number}",
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["scope"] = "all-apis",
        });
    }
}
