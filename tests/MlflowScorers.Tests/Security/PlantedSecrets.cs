using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using MlflowScorers.Configuration;
using MlflowScorers.Configuration.Databricks;

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

    private static readonly string[] s_credentialNames = ["Token", "Password", "Secret", "ApiKey"];

    private readonly string _marker = "zq" + Guid.NewGuid().ToString("N")[..14];

    /// <param name="withoutToken">Leave the MLflow token out everywhere, so the user name and password are the credentials sent.</param>
    public PlantedSecrets(bool withoutToken = false) =>
        Keys = DeclaredSecretKeys().Where(k => !(withoutToken && k == SettingKey.TrackingToken)).ToList();

    /// <summary>The secret settings planted.</summary>
    public IReadOnlyList<SettingKey> Keys { get; }

    /// <summary>
    /// Every setting the product flags as secret, read from where the product declares its settings: every
    /// <see cref="SettingKey"/> and every <see cref="DatabricksSetting"/> with <c>IsSecret</c> set.
    /// </summary>
    public static IReadOnlyList<SettingKey> DeclaredSecretKeys() =>
        Declared<SettingKey>().Where(k => k.IsSecret)
            .Concat(Declared<DatabricksSetting>().Where(s => s.IsSecret).Select(s => new SettingKey(s.ConfigurationKey, s.EnvironmentVariable, IsSecret: true)))
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
    /// Sets every writable string property of <paramref name="options"/> (and of its <see cref="DatabricksOptions"/>, created
    /// when unset) named
    /// as a secret setting (the last part of its configuration key, for example <c>TrackingToken</c>, <c>OpenAIApiKey</c> or
    /// <c>ClientSecret</c>), and any other whose name says it holds a credential (…Token, …Password, …Secret, …ApiKey), so an
    /// option added without a declared key is planted too; returns how many were set.
    /// </summary>
    public int PlantIn(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var planted = 0;
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p is { CanWrite: true } && p.PropertyType == typeof(string)))
        {
            if (Keys.FirstOrDefault(k => k.ConfigurationKey.Split(':')[^1] == property.Name) is { } key)
            {
                property.SetValue(options, Value(key, SecretSource.Options));
                planted++;
            }
            else if (s_credentialNames.Any(n => property.Name.EndsWith(n, StringComparison.Ordinal))
                     && !DeclaredSecretKeys().Any(k => k.ConfigurationKey.Split(':')[^1] == property.Name))
            {
                property.SetValue(options, $"{_marker}-options-{options.GetType().Name}-{property.Name}-{_marker}".ToLowerInvariant());
                planted++;
            }
        }

        if (options is MlflowClientOptions client)
        {
            client.TrackingUsername = UserName(SecretSource.Options);
            planted += PlantIn(client.Databricks);
        }
        else if (options is JudgeRuntimeOptions judges)
        {
            planted += PlantIn(judges.Databricks ??= new DatabricksOptions());
        }
        else if (options is MlflowTracingOptions tracing)
        {
            planted += PlantIn(tracing.Databricks ??= new DatabricksOptions());
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
        var values = Keys.GroupBy(k => k.EnvironmentVariable).ToDictionary(g => g.Key, g => (string?)Value(g.First(), SecretSource.Environment)); // one variable may serve two settings (DATABRICKS_TOKEN)
        values[SettingKey.TrackingUsername.EnvironmentVariable] = UserName(SecretSource.Environment);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return values;
    }

    private static IEnumerable<T> Declared<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T)).Select(p => (T)p.GetValue(null)!);

    private static string Kind(SettingKey key) =>
        key.ConfigurationKey.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "password"
        : key.ConfigurationKey.Contains("Secret", StringComparison.OrdinalIgnoreCase) ? "client-secret"
        : "token";
}
