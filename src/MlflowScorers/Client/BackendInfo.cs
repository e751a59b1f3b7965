using System;

namespace MlflowScorers;

/// <summary>What the client found out about its backend.</summary>
public sealed record BackendInfo
{
    /// <summary>A short description, for example "MLflow server 3.11.2 at http://127.0.0.1:5000" or "local MLflow database /app/mlflow.db".</summary>
    public required string Description { get; init; }

    /// <summary>The MLflow version whose Python client reads this backend's registry, when known.</summary>
    public Version? MlflowVersion { get; init; }

    /// <summary>Whether this backend keeps sampling configurations for server-run scorers, so they can be started and stopped.</summary>
    public bool SupportsServerSampling { get; init; }
}
