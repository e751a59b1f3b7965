using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;

namespace MlflowScorers.Client;

/// <summary>
/// The frozen settings of one client: the connection from <see cref="MlflowSettingsResolver"/> (options, then configuration,
/// then environment, then MLflow's defaults) and the client's own options.
/// </summary>
internal sealed record ClientSettings
{
    /// <summary>MLflow's default tracking URI.</summary>
    public const string DefaultTrackingUri = MlflowConnection.DefaultTrackingUri;

    /// <summary>The scheme of the tracking URIs <c>databricks</c> and <c>databricks://&lt;profile&gt;</c>.</summary>
    public const string DatabricksScheme = DatabricksConnection.DatabricksScheme;

    public required MlflowConnection Connection { get; init; }

    public string TrackingUri => Connection.TrackingUri;

    public string? ExperimentId => Connection.ExperimentId;

    public string? ExperimentName => Connection.ExperimentName;

    public string? ApplicationId { get; init; }

    public required MlflowRetryOptions Retry { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Resolves options against the environment (a dictionary in tests, else the process); explicit values win.</summary>
    public static ClientSettings Resolve(MlflowClientOptions options, IReadOnlyDictionary<string, string?>? environment = null) =>
        Resolve(options, section: null, environment is null ? EnvironmentReader.Process : EnvironmentReader.From(environment));

    /// <summary>Resolves options, then the configuration section, then the environment.</summary>
    /// <exception cref="ArgumentException">A value is malformed; the message names it.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static ClientSettings Resolve(MlflowClientOptions options, IConfiguration? section, EnvironmentReader environment) =>
        From(options, Resolver(options, section, environment));

    /// <summary>The client's settings: the connection <paramref name="resolver"/> resolves, and the client's own options.</summary>
    /// <exception cref="ArgumentException">A value is malformed; the message names it.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public static ClientSettings From(MlflowClientOptions options, MlflowSettingsResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        var connection = resolver.ResolveConnection();
        var retry = (options.Retry ?? new MlflowRetryOptions()).Freeze();
        var timeProvider = options.TimeProvider ?? TimeProvider.System;
        if (connection.Scheme == DatabricksScheme)
        {
            connection = DatabricksConnection.Bind(
                connection, resolver.ResolveDatabricks(connection.TrackingUri, options.Databricks), retry, options.ApplicationId, timeProvider);
        }

        return new ClientSettings
        {
            Connection = connection,
            ApplicationId = options.ApplicationId,
            Retry = retry,
            TimeProvider = timeProvider,
            LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    /// <summary>The resolver the client's settings come from; tracing and judges resolve through the same one.</summary>
    public static MlflowSettingsResolver Resolver(MlflowClientOptions options, IConfiguration? section, EnvironmentReader environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var explicitValues = new ConnectionValues
        {
            TrackingUri = options.TrackingUri,
            ExperimentId = options.ExperimentId,
            ExperimentName = options.ExperimentName,
            Token = options.TrackingToken,
            Username = options.TrackingUsername,
            Password = options.TrackingPassword,
        };
        return new MlflowSettingsResolver(explicitValues, section, options.ReadEnvironment ? environment : EnvironmentReader.None);
    }

    /// <summary>Never shows credentials.</summary>
    public override string ToString() => $"{Connection}, ApplicationId = {ApplicationId}";
}
