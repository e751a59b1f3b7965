using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Azure.Core;
using Azure.Identity;
using MlflowScorers.Configuration.Databricks;
using MlflowScorers.Transport;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// Picks the first Databricks auth method whose settings are complete, in the Databricks SDKs' order: <c>pat</c>,
/// <c>oauth-m2m</c>, <c>azure-client-secret</c>, then <c>azure-default</c> (<see cref="DefaultAzureCredential"/>, only when
/// asked for). A <see cref="TokenCredential"/> given in the options is used as it is. <c>auth_type</c> restricts the choice to
/// one method. Nothing here does I/O: tokens are fetched on the first request.
/// </summary>
internal static class DatabricksCredentialChain
{
    /// <summary>The methods, in the order they are tried.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["pat", "oauth-m2m", "azure-client-secret", "azure-default"];

    /// <summary>Chooses the method and builds its authenticator.</summary>
    /// <param name="config">The resolved configuration.</param>
    /// <param name="tokenHttp">Creates the HTTP client for OAuth token requests (without Databricks authentication).</param>
    /// <param name="timeProvider">The clock for token lifetimes.</param>
    /// <exception cref="DatabricksAuthenticationException">No method is fully configured; the message lists what each one lacks.</exception>
    /// <exception cref="ArgumentException"><c>auth_type</c> names an unknown method.</exception>
    public static DatabricksCredentials Select(DatabricksConfig config, Func<HttpClient> tokenHttp, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(config);
        var authType = config.Get(DatabricksSetting.AuthType);
        if (authType is not null && !Methods.Contains(authType, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Databricks auth_type '{authType}' (from {config.SourceOf(DatabricksSetting.AuthType)}) is not supported: use one of {string.Join(", ", Methods)}, or leave it unset.",
                nameof(config));
        }

        if (config.Host is not { } host)
        {
            throw new DatabricksAuthenticationException(
                $"No Databricks workspace is configured: set DATABRICKS_HOST, DatabricksOptions.Host, or 'host' in a ~/.databrickscfg profile. {Found(config)}");
        }

        if (config.Credential is { } given)
        {
            return Azure("token-credential", host, given, config, timeProvider);
        }

        var missing = new List<string>();
        foreach (var method in Methods)
        {
            if (authType is not null && authType != method)
            {
                continue;
            }

            var lacks = Missing(method, config, authType == method);
            if (lacks.Count > 0)
            {
                missing.Add($"{method} (missing {string.Join(", ", lacks)})");
                continue;
            }

            return method switch
            {
                "pat" => new DatabricksCredentials(host, "pat", new BearerTokenAuthenticator(config.Get(DatabricksSetting.Token)!)),
                "oauth-m2m" => OAuth(host, config, tokenHttp, timeProvider),
                "azure-client-secret" => Azure(
                    method,
                    host,
                    new ClientSecretCredential(
                        config.Get(DatabricksSetting.AzureTenantId), config.Get(DatabricksSetting.AzureClientId), config.Get(DatabricksSetting.AzureClientSecret)),
                    config,
                    timeProvider),
                _ => Azure(method, host, new DefaultAzureCredential(), config, timeProvider),
            };
        }

        throw new DatabricksAuthenticationException(
            $"No Databricks credentials for {host.GetLeftPart(UriPartial.Authority)}. Tried, in order: {string.Join("; ", missing)}. {Found(config)}");
    }

    private static List<string> Missing(string method, DatabricksConfig config, bool requested)
    {
        IEnumerable<DatabricksSetting> needs = method switch
        {
            "pat" => [DatabricksSetting.Token],
            "oauth-m2m" => [DatabricksSetting.ClientId, DatabricksSetting.ClientSecret],
            "azure-client-secret" => [DatabricksSetting.AzureClientId, DatabricksSetting.AzureClientSecret, DatabricksSetting.AzureTenantId],
            _ => [],
        };
        var lacks = needs.Where(s => config.Get(s) is null).Select(s => $"{s.Key} ({s.EnvironmentVariable})").ToList();
        if (method == "azure-default" && !requested && !config.UseDefaultAzureCredential)
        {
            lacks.Add("a request for it (DatabricksOptions.UseDefaultAzureCredential, or auth_type azure-default)");
        }

        return lacks;
    }

    private static DatabricksCredentials OAuth(Uri host, DatabricksConfig config, Func<HttpClient> tokenHttp, TimeProvider timeProvider)
    {
        var source = new OAuthClientCredentials(
            tokenHttp(), host, config.Get(DatabricksSetting.ClientId)!, config.Get(DatabricksSetting.ClientSecret)!, timeProvider);
        var token = new CachedAccessToken(source.FetchAsync, timeProvider);
        return new DatabricksCredentials(host, "oauth-m2m", new DatabricksTokenAuthenticator("oauth-m2m", token));
    }

    private static DatabricksCredentials Azure(
        string method, Uri host, TokenCredential credential, DatabricksConfig config, TimeProvider timeProvider)
    {
        var token = new CachedAccessToken(
            new AzureCredentialTokens(credential, AzureCredentialTokens.DatabricksScope, timeProvider).FetchAsync, timeProvider);
        var resourceId = config.Get(DatabricksSetting.AzureWorkspaceResourceId);
        var management = resourceId is null
            ? null
            : new CachedAccessToken(
                new AzureCredentialTokens(credential, AzureCredentialTokens.ManagementScope, timeProvider).FetchAsync, timeProvider);
        return new DatabricksCredentials(host, method, new DatabricksTokenAuthenticator(method, token, management, resourceId));
    }

    private static string Found(DatabricksConfig config) =>
        $"Settings found: {config}{(config.ProfileSource is null ? "; no ~/.databrickscfg profile was read" : string.Empty)}.";
}

/// <summary>The chosen method and what it sends.</summary>
/// <param name="Host">The workspace.</param>
/// <param name="Method">The method's name, for example <c>pat</c>.</param>
/// <param name="Authenticator">Adds the credentials to each attempt.</param>
internal sealed record DatabricksCredentials(Uri Host, string Method, IRequestAuthenticator Authenticator);
