using System;
using System.Collections.Generic;

namespace MlflowScorers.Client;

/// <summary>The frozen settings of one client: options first, then environment variables, then MLflow's defaults.</summary>
internal sealed record ClientSettings
{
    /// <summary>MLflow's default tracking URI.</summary>
    public const string DefaultTrackingUri = "sqlite:///mlflow.db";

    public required string TrackingUri { get; init; }

    public string? ExperimentId { get; init; }

    public string? ExperimentName { get; init; }

    public string? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? ApplicationId { get; init; }

    public required MlflowRetryOptions Retry { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Resolves options against the environment; explicit values win.</summary>
    public static ClientSettings Resolve(MlflowClientOptions options, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? Env(string name)
        {
            if (!options.ReadEnvironment)
            {
                return null;
            }

            var value = environment is not null
                ? environment.GetValueOrDefault(name)
                : Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        var retry = (options.Retry ?? new MlflowRetryOptions()).Freeze();
        return new ClientSettings
        {
            TrackingUri = First(options.TrackingUri, Env("MLFLOW_TRACKING_URI")) ?? DefaultTrackingUri,
            ExperimentId = First(options.ExperimentId, Env("MLFLOW_EXPERIMENT_ID")),
            ExperimentName = First(options.ExperimentName, Env("MLFLOW_EXPERIMENT_NAME")),
            Token = First(options.TrackingToken, Env("MLFLOW_TRACKING_TOKEN")),
            Username = First(options.TrackingUsername, Env("MLFLOW_TRACKING_USERNAME")),
            Password = First(options.TrackingPassword, Env("MLFLOW_TRACKING_PASSWORD")),
            ApplicationId = options.ApplicationId,
            Retry = retry,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
        };
    }

    /// <summary>Never shows credentials.</summary>
    public override string ToString() =>
        $"TrackingUri = {TrackingUri}, ExperimentId = {ExperimentId}, ExperimentName = {ExperimentName}, Token = {(Token is null ? "none" : "***")}, Username = {Username}, Password = {(Password is null ? "none" : "***")}";

    private static string? First(string? a, string? b) => string.IsNullOrWhiteSpace(a) ? b : a;
}
