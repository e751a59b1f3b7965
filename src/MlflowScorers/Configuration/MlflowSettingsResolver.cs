using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using MlflowScorers.Configuration.Databricks;

namespace MlflowScorers.Configuration;

/// <summary>
/// The one configuration resolver: every part of the SDK (client, tracing, judges) asks it for its settings. A value comes
/// from the first source that sets it: explicit options, then the configuration section, then the environment, then
/// MLflow's defaults. The experiment is taken as a unit: the first source that sets an id or a name decides both, so an id
/// from one source never meets a name from another; when one source sets both, they must name the same experiment, which
/// the client checks on first use (as MLflow's Python client checks <c>MLFLOW_EXPERIMENT_ID</c> against
/// <c>MLFLOW_EXPERIMENT_NAME</c>).
/// </summary>
internal sealed class MlflowSettingsResolver
{
    private readonly ConnectionValues? _explicit;
    private readonly IConfiguration? _section;

    /// <summary>Creates a resolver over the given sources.</summary>
    /// <param name="explicitValues">Values set in code, or <see langword="null"/>.</param>
    /// <param name="section">The configuration section (keys as in <see cref="SettingKey"/>), or <see langword="null"/>.</param>
    /// <param name="environment">The environment; <see cref="EnvironmentReader.None"/> to ignore it.</param>
    public MlflowSettingsResolver(ConnectionValues? explicitValues, IConfiguration? section, EnvironmentReader environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _explicit = explicitValues;
        _section = section;
        Environment = environment;
    }

    /// <summary>The environment this resolver reads.</summary>
    public EnvironmentReader Environment { get; }

    /// <summary>A resolver over the process environment alone.</summary>
    public static MlflowSettingsResolver FromEnvironment() => new(null, null, EnvironmentReader.Process);

    /// <summary>
    /// Resolves the connection. <paramref name="overrides"/> (for example values set on the tracing options) win over every
    /// source of this resolver.
    /// </summary>
    /// <exception cref="ArgumentException">A value is malformed; the message names it.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public MlflowConnection ResolveConnection(ConnectionValues? overrides = null)
    {
        var layers = new List<ConnectionValues>(4);
        AddIfSet(layers, Clean(overrides));
        AddIfSet(layers, Clean(_explicit));
        AddIfSet(layers, FromSection(_section));
        AddIfSet(layers, FromEnvironment(Environment));

        var experiment = layers.Find(l => l.ExperimentId is not null || l.ExperimentName is not null);
        return MlflowConnection.Create(
            First(layers, l => l.TrackingUri) ?? MlflowConnection.DefaultTrackingUri,
            experiment?.ExperimentId,
            experiment?.ExperimentName,
            MlflowCredentials.FromSettings(
                First(layers, l => l.Token), First(layers, l => l.Username), First(layers, l => l.Password)));
    }

    /// <summary>
    /// The Databricks configuration of a <c>databricks</c> or <c>databricks://&lt;profile&gt;</c> tracking URI: explicit options,
    /// then this resolver's section (keys under <c>Databricks:</c>), then its environment, then the <c>~/.databrickscfg</c>
    /// profile (the home directory read from <c>HOME</c> or <c>USERPROFILE</c> in the same environment).
    /// </summary>
    /// <exception cref="ArgumentException">A named profile or its file does not exist, or a value is malformed.</exception>
    public DatabricksConfig ResolveDatabricks(string trackingUri, DatabricksOptions? explicitOptions) =>
        DatabricksConfigResolver.Resolve(
            explicitOptions ?? new DatabricksOptions(),
            DatabricksConfigResolver.ProfileOf(trackingUri),
            key => NonBlank(_section?[key]),
            Environment.Get,
            Environment.Get("HOME") ?? Environment.Get("USERPROFILE"));

    /// <summary>One setting outside the connection (for example the judges' OpenAI key): explicit, then section, then environment.</summary>
    public string? Get(SettingKey key, string? explicitValue = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return NonBlank(explicitValue) ?? NonBlank(_section?[key.ConfigurationKey]) ?? Environment.Get(key.EnvironmentVariable);
    }

    private static ConnectionValues? FromSection(IConfiguration? section) => section is null ? null : Clean(new ConnectionValues
    {
        TrackingUri = section[SettingKey.TrackingUri.ConfigurationKey],
        ExperimentId = section[SettingKey.ExperimentId.ConfigurationKey],
        ExperimentName = section[SettingKey.ExperimentName.ConfigurationKey],
        Token = section[SettingKey.TrackingToken.ConfigurationKey],
        Username = section[SettingKey.TrackingUsername.ConfigurationKey],
        Password = section[SettingKey.TrackingPassword.ConfigurationKey],
    });

    private static ConnectionValues FromEnvironment(EnvironmentReader environment) => new()
    {
        TrackingUri = environment.Get(SettingKey.TrackingUri.EnvironmentVariable),
        ExperimentId = environment.Get(SettingKey.ExperimentId.EnvironmentVariable),
        ExperimentName = environment.Get(SettingKey.ExperimentName.EnvironmentVariable),
        Token = environment.Get(SettingKey.TrackingToken.EnvironmentVariable),
        Username = environment.Get(SettingKey.TrackingUsername.EnvironmentVariable),
        Password = environment.Get(SettingKey.TrackingPassword.EnvironmentVariable),
    };

    private static ConnectionValues? Clean(ConnectionValues? values) => values is null ? null : new ConnectionValues
    {
        TrackingUri = NonBlank(values.TrackingUri),
        ExperimentId = NonBlank(values.ExperimentId),
        ExperimentName = NonBlank(values.ExperimentName),
        Token = NonBlank(values.Token),
        Username = NonBlank(values.Username),
        Password = NonBlank(values.Password),
    };

    private static void AddIfSet(List<ConnectionValues> layers, ConnectionValues? values)
    {
        if (values is not null)
        {
            layers.Add(values);
        }
    }

    private static string? First(List<ConnectionValues> layers, Func<ConnectionValues, string?> value)
    {
        foreach (var layer in layers)
        {
            if (value(layer) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
