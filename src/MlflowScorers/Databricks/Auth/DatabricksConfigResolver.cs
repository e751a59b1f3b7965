using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MlflowScorers.Databricks.Auth;

/// <summary>
/// Resolves a client's Databricks configuration in the order of the Databricks CLI and SDKs: explicit options, then
/// environment variables, then one profile of the configuration file. The file fills only what is still unset; the
/// <c>DEFAULT</c> profile is read only when nothing else configured a host or a credential, while a profile named in the
/// options, the tracking URI (<c>databricks://&lt;profile&gt;</c>) or <c>DATABRICKS_CONFIG_PROFILE</c> is always read and
/// must exist.
/// </summary>
internal static class DatabricksConfigResolver
{
    private const string OptionsSource = "options";

    /// <summary>Resolves the configuration.</summary>
    /// <param name="options">Explicit options.</param>
    /// <param name="uriProfile">The profile of a <c>databricks://&lt;profile&gt;</c> tracking URI, or <see langword="null"/>.</param>
    /// <param name="environment">Reads an environment variable; returns <see langword="null"/> when it is unset.</param>
    /// <param name="homeDirectory">The user's home directory, for <c>~/.databrickscfg</c>; <see langword="null"/> when unknown.</param>
    /// <exception cref="ArgumentException">A named profile or its file does not exist, or the host is not a URL.</exception>
    public static DatabricksConfig Resolve(
        DatabricksOptions options, string? uriProfile, Func<string, string?> environment, string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<DatabricksSetting, (string Value, string Source)>();
        foreach (var (setting, value) in Explicit(options))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                values[setting] = (value.Trim(), OptionsSource);
            }
        }

        foreach (var setting in DatabricksSetting.Attributes)
        {
            if (!values.ContainsKey(setting) && environment(setting.EnvironmentVariable) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                values[setting] = (value.Trim(), setting.EnvironmentVariable);
            }
        }

        var profile = First(options.Profile, uriProfile, environment(DatabricksSetting.Profile.EnvironmentVariable));
        var profileSource = ReadProfile(values, profile, options, environment, homeDirectory);
        return new DatabricksConfig(values, profileSource, options.Credential, options.UseDefaultAzureCredential);
    }

    /// <summary>The profile name of a tracking URI: <c>databricks</c> has none, <c>databricks://name</c> has <c>name</c>.</summary>
    /// <exception cref="ArgumentException">The URI is <c>databricks://</c> with an empty profile.</exception>
    public static string? ProfileOf(string trackingUri)
    {
        const string prefix = "databricks://";
        if (!trackingUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var profile = trackingUri[prefix.Length..].TrimEnd('/');
        if (profile.Length == 0)
        {
            throw new ArgumentException(
                $"Tracking URI '{trackingUri}' names no profile: use 'databricks' for the default, or 'databricks://<profile>'.", nameof(trackingUri));
        }

        return profile;
    }

    private static string? ReadProfile(
        Dictionary<DatabricksSetting, (string Value, string Source)> values,
        string? profile,
        DatabricksOptions options,
        Func<string, string?> environment,
        string? homeDirectory)
    {
        var named = profile is not null;
        var configured = values.ContainsKey(DatabricksSetting.Host) || values.ContainsKey(DatabricksSetting.AzureWorkspaceResourceId)
            || DatabricksSetting.Credentials.Any(values.ContainsKey) || options.Credential is not null;
        if (!named && configured)
        {
            return null;
        }

        var path = First(options.ConfigFile, environment(DatabricksSetting.ConfigFile.EnvironmentVariable));
        if (path is null && homeDirectory is null)
        {
            return null;
        }

        path = ExpandHome(path ?? DatabricksConfigFile.DefaultPath(homeDirectory!), homeDirectory);
        var file = DatabricksConfigFile.Read(path);
        var name = profile ?? DatabricksConfigFile.DefaultProfile;
        if (file is null)
        {
            return named
                ? throw new ArgumentException(
                    $"Databricks profile '{name}' was asked for, but the configuration file {path} does not exist. Create it (databricks auth login, or databricks configure), or set DATABRICKS_CONFIG_FILE.",
                    nameof(profile))
                : null;
        }

        var section = file.Profile(name);
        if (section is null)
        {
            return named
                ? throw new ArgumentException(
                    $"Databricks profile '{name}' is not in {path}; it has the profiles: {string.Join(", ", file.ProfileNames)}.",
                    nameof(profile))
                : null;
        }

        var source = $"profile '{name}' in {path}";
        foreach (var setting in DatabricksSetting.Attributes)
        {
            if (!values.ContainsKey(setting) && section.TryGetValue(setting.Key, out var value) && value.Length > 0)
            {
                values[setting] = (value, source);
            }
        }

        return source;
    }

    private static IEnumerable<(DatabricksSetting Setting, string? Value)> Explicit(DatabricksOptions options) =>
    [
        (DatabricksSetting.Host, options.Host),
        (DatabricksSetting.Token, options.Token),
        (DatabricksSetting.ClientId, options.ClientId),
        (DatabricksSetting.ClientSecret, options.ClientSecret),
        (DatabricksSetting.AuthType, options.AuthType),
        (DatabricksSetting.AzureWorkspaceResourceId, options.AzureWorkspaceResourceId),
        (DatabricksSetting.AzureClientId, options.AzureClientId),
        (DatabricksSetting.AzureClientSecret, options.AzureClientSecret),
        (DatabricksSetting.AzureTenantId, options.AzureTenantId),
    ];

    private static string ExpandHome(string path, string? homeDirectory) =>
        homeDirectory is not null && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            ? Path.Combine(homeDirectory, path.Length > 2 ? path[2..] : string.Empty)
            : path;

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
