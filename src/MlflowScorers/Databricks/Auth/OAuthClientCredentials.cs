using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// Databricks OAuth machine-to-machine: a client-credentials grant with scope <c>all-apis</c> at the workspace's
/// <c>/oidc/v1/token</c>, the client id and secret sent as HTTP basic credentials, as the Databricks SDKs send them.
/// </summary>
internal sealed class OAuthClientCredentials
{
    /// <summary>The token endpoint, relative to the workspace.</summary>
    public const string TokenPath = "oidc/v1/token";

    /// <summary>The scope the SDKs ask for.</summary>
    public const string Scope = "all-apis";

    private readonly HttpClient _http;
    private readonly Uri _tokenEndpoint;
    private readonly string _clientId;
    private readonly string _basicCredentials;
    private readonly TimeProvider _timeProvider;

    /// <param name="http">An HTTP client without Databricks authentication (the token request carries its own).</param>
    /// <param name="host">The workspace.</param>
    /// <param name="clientId">The service principal's client id.</param>
    /// <param name="clientSecret">Its secret.</param>
    /// <param name="timeProvider">The clock for the token's lifetime.</param>
    public OAuthClientCredentials(HttpClient http, Uri host, string clientId, string clientSecret, TimeProvider timeProvider)
    {
        _http = http;
        _tokenEndpoint = new Uri(host, TokenPath);
        _clientId = clientId;
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret));
        _timeProvider = timeProvider;
    }

    /// <summary>Requests a new token.</summary>
    /// <exception cref="DatabricksAuthenticationException">The endpoint refused the request or answered something unreadable.</exception>
    public async ValueTask<IssuedToken> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new KeyValuePair<string, string>("grant_type", "client_credentials"),
                new KeyValuePair<string, string>("scope", Scope),
            ]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failed($"HTTP {(int)response.StatusCode}{Describe(AuthorizationRedaction.Redact(body, request))}");
        }

        return Parse(body);
    }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"Databricks OAuth M2M (client id {_clientId}, secret hidden)";

    private IssuedToken Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw Failed("the reply has no access_token");
            }

            var lifetime = root.TryGetProperty("expires_in", out var e) ? ReadSeconds(e) : null;
            var now = _timeProvider.GetUtcNow();
            return new IssuedToken(token, now, now + TimeSpan.FromSeconds(lifetime ?? 3600));
        }
        catch (JsonException ex)
        {
            throw Failed("the reply is not JSON", ex);
        }
    }

    private static double? ReadSeconds(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };

    /// <summary>The OAuth error and its description, when the body is an OAuth error; nothing else of the body is shown.</summary>
    private static string Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return error is null ? string.Empty : $" {error}{(description is null ? string.Empty : ": " + description)}";
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private DatabricksAuthenticationException Failed(string what, Exception? inner = null) => new(
        $"Databricks OAuth M2M authentication (oauth-m2m) failed: the token endpoint {_tokenEndpoint} answered {what}, for client id '{_clientId}'. Check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (the secret is not shown).",
        inner);
}
