using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MlflowScorers.Configuration.Databricks;

/// <summary>
/// Resolves a client's Databricks configuration in the order of the Databricks CLI and SDKs, with .NET configuration in the
/// place MLflow gives it: explicit <see cref="DatabricksOptions"/>, then the <c>Databricks:</c> keys of the configuration
/// section, then environment variables, then one profile of the configuration file. The file fills only what is still
/// unset; the <c>DEFAULT</c> profile is read only when nothing else configured a host or a credential, while a profile named
/// in the options, the tracking URI (<c>databricks://&lt;profile&gt;</c>) or <c>DATABRICKS_CONFIG_PROFILE</c> is always read
/// and must exist.
/// </summary>
internal static class DatabricksConfigResolver
{
    private const string OptionsSource = "options";
    private const string SectionSource = "configuration";

    /// <summary>Resolves the configuration.</summary>
    /// <param name="options">Explicit options.</param>
    /// <param name="uriProfile">The profile of a <c>databricks://&lt;profile&gt;</c> tracking URI, or <see langword="null"/>.</param>
    /// <param name="section">Reads a configuration key (see <see cref="DatabricksSetting.ConfigurationKey"/>); <see langword="null"/> when unset.</param>
    /// <param name="environment">Reads an environment variable; <see langword="null"/> when unset.</param>
    /// <param name="homeDirectory">The user's home directory, for <c>~/.databrickscfg</c>; <see langword="null"/> when unknown.</param>
    /// <exception cref="ArgumentException">A named profile or its file does not exist, or the host is not a URL.</exception>
    public static DatabricksConfig Resolve(
        DatabricksOptions options,
        string? uriProfile,
        Func<string, string?> section,
        Func<string, string?> environment,
        string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<DatabricksSetting, (string Value, string Source)>();
        foreach (var (setting, value) in Explicit(options))
        {
            Set(values, setting, value, OptionsSource);
        }

        foreach (var setting in DatabricksSetting.Attributes)
        {
            Set(values, setting, section(setting.ConfigurationKey), SectionSource);
            Set(values, setting, environment(setting.EnvironmentVariable), setting.EnvironmentVariable);
        }

        var profile = First(
            options.Profile, uriProfile, section(DatabricksSetting.Profile.ConfigurationKey), environment(DatabricksSetting.Profile.EnvironmentVariable));
        var file = First(
            options.ConfigFile, section(DatabricksSetting.ConfigFile.ConfigurationKey), environment(DatabricksSetting.ConfigFile.EnvironmentVariable));
        var profileSource = ReadProfile(values, profile, file, options, homeDirectory);
        return new DatabricksConfig(values, profileSource, options.Credential, options.UseDefaultAzureCredential);
    }

    /// <summary>The profile name of a tracking URI: <c>databricks</c> has none, <c>databricks://name</c> has <c>name</c>.</summary>
    /// <exception cref="ArgumentException">The URI is <c>databricks://</c> with an empty profile.</exception>
    public static string? ProfileOf(string trackingUri)
    {
        ArgumentNullException.ThrowIfNull(trackingUri);
        const string prefix = "databricks://";
        if (!trackingUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var profile = trackingUri[prefix.Length..].TrimEnd('/');
        return profile.Length > 0
            ? profile
            : throw new ArgumentException(
                $"Tracking URI '{trackingUri}' names no profile: use 'databricks' for the default profile, or 'databricks://<profile>'.", nameof(trackingUri));
    }

    private static string? ReadProfile(
        Dictionary<DatabricksSetting, (string Value, string Source)> values,
        string? profile,
        string? configFile,
        DatabricksOptions options,
        string? homeDirectory)
    {
        var named = profile is not null;
        var configured = values.ContainsKey(DatabricksSetting.Host) || values.ContainsKey(DatabricksSetting.AzureWorkspaceResourceId)
            || DatabricksSetting.Credentials.Any(values.ContainsKey) || options.Credential is not null;
        if (!named && configured)
        {
            return null;
        }

        var name = profile ?? DatabricksConfigFile.DefaultProfile;
        var path = configFile is not null
            ? ExpandHome(configFile, homeDirectory)
            : homeDirectory is not null ? DatabricksConfigFile.DefaultPath(homeDirectory) : null;
        var file = path is null ? null : DatabricksConfigFile.Read(path);
        if (file is null)
        {
            return named
                ? throw new ArgumentException(
                    $"Databricks profile '{name}' was asked for, but {(path is null ? "no configuration file is known (no home directory; set DATABRICKS_CONFIG_FILE or DatabricksOptions.ConfigFile)" : $"the configuration file {path} does not exist (create it with 'databricks configure' or 'databricks auth login', or set DATABRICKS_CONFIG_FILE)")}.",
                    nameof(profile))
                : null;
        }

        var section = file.Profile(name);
        if (section is null)
        {
            return named
                ? throw new ArgumentException(
                    $"Databricks profile '{name}' is not in {path}; its profiles are: {string.Join(", ", file.ProfileNames)}.",
                    nameof(profile))
                : null;
        }

        var source = $"profile '{name}' in {path}";
        foreach (var setting in DatabricksSetting.Attributes)
        {
            Set(values, setting, section.GetValueOrDefault(setting.Key), source);
        }

        return source;
    }

    private static void Set(Dictionary<DatabricksSetting, (string Value, string Source)> values, DatabricksSetting setting, string? value, string source)
    {
        if (!values.ContainsKey(setting) && !string.IsNullOrWhiteSpace(value))
        {
            values[setting] = (value.Trim(), source);
        }
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
