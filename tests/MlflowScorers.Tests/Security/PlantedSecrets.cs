using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Security;

/// <summary>Where a planted secret is set.</summary>
public enum SecretSource
{
    /// <summary>A property of an options object set in code.</summary>
    Options,

    /// <summary>A key of the configuration section.</summary>
    Section,

    /// <summary>An environment variable.</summary>
    Environment,
}

/// <summary>
/// A token, a password and a client secret for every secret-bearing setting the product declares (every
/// <see cref="SettingKey"/> flagged <see cref="SettingKey.IsSecret"/>), one distinct value per setting and source, so a
/// setting added later is planted without touching the tests. Every value starts and ends with this run's marker, so a
/// secret cut short at either end is still found.
/// </summary>
internal sealed class PlantedSecrets
{
    private const string SectionName = MlflowClientOptions.SectionName;

    private readonly string _marker = "zq" + Guid.NewGuid().ToString("N")[..14];

    /// <param name="withoutToken">Leave the MLflow token out everywhere, so the user name and password are the credentials sent.</param>
    public PlantedSecrets(bool withoutToken = false) =>
        Keys = DeclaredSecretKeys().Where(k => !(withoutToken && k == SettingKey.TrackingToken)).ToList();

    /// <summary>The secret settings planted.</summary>
    public IReadOnlyList<SettingKey> Keys { get; }

    /// <summary>Every setting the product flags as secret, read from <see cref="SettingKey"/> itself.</summary>
    public static IReadOnlyList<SettingKey> DeclaredSecretKeys() =>
        typeof(SettingKey).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(SettingKey))
            .Select(p => (SettingKey)p.GetValue(null)!)
            .Where(k => k.IsSecret)
            .ToList();

    /// <summary>The (not secret) user name planted next to the passwords of a source.</summary>
    public static string UserName(SecretSource source) => source.ToString().ToLowerInvariant() + "-user";

    /// <summary>The planted value of <paramref name="key"/> in <paramref name="source"/>.</summary>
    public string Value(SettingKey key, SecretSource source) =>
        $"{_marker}-{source.ToString().ToLowerInvariant()}-{Kind(key)}-{key.EnvironmentVariable.ToLowerInvariant().Replace('_', '-')}-{_marker}";

    /// <summary>
    /// What must never appear in any text the SDK shows: each planted value, the run's marker, and the encoded
    /// <c>user:password</c> pair of basic authentication (as good as the password).
    /// </summary>
    public IReadOnlyList<string> Forbidden()
    {
        var values = DeclaredSecretKeys().SelectMany(k => Enum.GetValues<SecretSource>().Select(s => Value(k, s))).ToList();
        var pairs = Enum.GetValues<SecretSource>().SelectMany(user => Enum.GetValues<SecretSource>().Select(password =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName(user)}:{Value(SettingKey.TrackingPassword, password)}"))));
        return [_marker, .. values, .. pairs];
    }

    /// <summary>
    /// Sets every writable string property of <paramref name="options"/> named as a secret setting (the last part of its
    /// configuration key, for example <c>TrackingToken</c> or <c>OpenAIApiKey</c>); returns how many were set.
    /// </summary>
    public int PlantIn(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var planted = 0;
        foreach (var key in Keys)
        {
            var property = options.GetType().GetProperty(key.ConfigurationKey.Split(':')[^1], BindingFlags.Public | BindingFlags.Instance);
            if (property is { CanWrite: true } && property.PropertyType == typeof(string))
            {
                property.SetValue(options, Value(key, SecretSource.Options));
                planted++;
            }
        }

        if (options is MlflowClientOptions client)
        {
            client.TrackingUsername = UserName(SecretSource.Options);
        }

        return planted;
    }

    /// <summary>The section <c>MlflowScorers</c> with every secret key, the user name and the given extra keys.</summary>
    public IConfigurationSection Section(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var values = Keys.ToDictionary(k => $"{SectionName}:{k.ConfigurationKey}", k => (string?)Value(k, SecretSource.Section));
        values[$"{SectionName}:{SettingKey.TrackingUsername.ConfigurationKey}"] = UserName(SecretSource.Section);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[$"{SectionName}:{key}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SectionName);
    }

    /// <summary>Every secret environment variable, the user name and the given extra variables.</summary>
    public Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var values = Keys.ToDictionary(k => k.EnvironmentVariable, k => (string?)Value(k, SecretSource.Environment));
        values[SettingKey.TrackingUsername.EnvironmentVariable] = UserName(SecretSource.Environment);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return values;
    }

    private static string Kind(SettingKey key) =>
        key.ConfigurationKey.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "password"
        : key.ConfigurationKey.Contains("Secret", StringComparison.OrdinalIgnoreCase) ? "client-secret"
        : "token";
}
