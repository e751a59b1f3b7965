using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Core;

namespace MlflowScorers.Configuration.Databricks;

/// <summary>
/// The resolved Databricks configuration of one client: each attribute's value and where it came from (options, an environment
/// variable or a profile). <see cref="ToString"/> never shows a secret.
/// </summary>
internal sealed class DatabricksConfig
{
    private readonly IReadOnlyDictionary<DatabricksSetting, (string Value, string Source)> _values;

    public DatabricksConfig(
        IReadOnlyDictionary<DatabricksSetting, (string Value, string Source)> values,
        string? profileSource,
        TokenCredential? credential,
        bool useDefaultAzureCredential)
    {
        _values = values;
        ProfileSource = profileSource;
        Credential = credential;
        UseDefaultAzureCredential = useDefaultAzureCredential;
        Host = Get(DatabricksSetting.Host) is { } host ? NormalizeHost(host) : null;
    }

    /// <summary>The workspace address (scheme, host and port only), or <see langword="null"/> when none is configured.</summary>
    public Uri? Host { get; }

    /// <summary>The profile that was read, as "profile 'X' in /path", or <see langword="null"/> when none was.</summary>
    public string? ProfileSource { get; }

    /// <summary>An Azure credential given in the options.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Whether the options asked for <c>DefaultAzureCredential</c>.</summary>
    public bool UseDefaultAzureCredential { get; }

    /// <summary>The value of an attribute, or <see langword="null"/>.</summary>
    public string? Get(DatabricksSetting setting) => _values.TryGetValue(setting, out var entry) ? entry.Value : null;

    /// <summary>Where an attribute's value came from, or <see langword="null"/> when it is unset.</summary>
    public string? SourceOf(DatabricksSetting setting) => _values.TryGetValue(setting, out var entry) ? entry.Source : null;

    /// <summary>The configuration without secrets: each set attribute and its source.</summary>
    public override string ToString()
    {
        var parts = DatabricksSetting.Attributes
            .Where(_values.ContainsKey)
            .Select(s => $"{s.Key} = {(s.IsSecret ? "***" : _values[s].Value)} (from {_values[s].Source})");
        var text = string.Join(", ", parts);
        return text.Length == 0 ? "no Databricks settings" : text;
    }

    /// <summary>
    /// Normalizes a host as the SDKs do: a bare host name gets <c>https://</c>; otherwise only the scheme, host and port are kept.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a usable URL.</exception>
    public static Uri NormalizeHost(string host)
    {
        var text = host.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException(
                $"Databricks host '{host}' is not a workspace URL: expected for example https://adb-1234567890123456.7.azuredatabricks.net.",
                nameof(host));
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
