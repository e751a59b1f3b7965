using System;
using Microsoft.Extensions.Logging;

namespace MlflowScorers;

/// <summary>
/// Settings of an <see cref="MlflowClient"/>. Values set here win over configuration binding, which wins over environment
/// variables (<c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_EXPERIMENT_ID</c>, <c>MLFLOW_EXPERIMENT_NAME</c>, <c>MLFLOW_TRACKING_TOKEN</c>,
/// <c>MLFLOW_TRACKING_USERNAME</c>, <c>MLFLOW_TRACKING_PASSWORD</c>). The client copies the values when it is built; changing
/// the options afterwards does not change the client.
/// </summary>
public class MlflowClientOptions
{
    /// <summary>The configuration section <see cref="MlflowClientOptions"/> binds from by default.</summary>
    public const string SectionName = "MlflowScorers";

    /// <summary>
    /// The tracking URI: <c>http(s)://host[:port]</c> for an MLflow server, or <c>sqlite:///path.db</c> for a local MLflow
    /// database. With none set anywhere, <c>sqlite:///mlflow.db</c> in the working directory, as MLflow itself defaults.
    /// </summary>
    public string? TrackingUri { get; set; }

    /// <summary>The experiment scorers belong to when a call names none.</summary>
    public string? ExperimentId { get; set; }

    /// <summary>The experiment, by name, when <see cref="ExperimentId"/> is not set; it is created if missing, as <c>mlflow.set_experiment</c> does.</summary>
    public string? ExperimentName { get; set; }

    /// <summary>A bearer token for the MLflow server. Never logged or shown in messages.</summary>
    public string? TrackingToken { get; set; }

    /// <summary>A user name for HTTP basic authentication to the MLflow server.</summary>
    public string? TrackingUsername { get; set; }

    /// <summary>The password for HTTP basic authentication. Never logged or shown in messages.</summary>
    public string? TrackingPassword { get; set; }

    /// <summary>
    /// The workspace and credentials for the tracking URIs <c>databricks</c> and <c>databricks://&lt;profile&gt;</c>; unset values
    /// come from the configuration section's <c>Databricks:</c> keys, then <c>DATABRICKS_*</c> environment variables, then
    /// <c>~/.databrickscfg</c>.
    /// </summary>
    public DatabricksOptions Databricks { get; set; } = new();

    /// <summary>An id for your application, appended to the User-Agent header.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Retries, back-off and timeouts of HTTP calls.</summary>
    public MlflowRetryOptions Retry { get; set; } = new();

    /// <summary>The clock the client uses; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the client logs retries, backend detection and errors it handles; <see langword="null"/> for no logging. In DI,
    /// the container's <see cref="ILoggerFactory"/> is used when this is not set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Whether to read unset values from environment variables (default <see langword="true"/>).</summary>
    public bool ReadEnvironment { get; set; } = true;
}
