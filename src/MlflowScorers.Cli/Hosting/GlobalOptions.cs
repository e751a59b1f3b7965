using System.CommandLine;

namespace MlflowScorers.Cli.Hosting;

/// <summary>The options every command takes. The connection options feed the SDK's own resolver: an option given here wins,
/// then the environment variables the SDK reads (MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_ID, MLFLOW_EXPERIMENT_NAME, the
/// credentials), then MLflow's default <c>sqlite:///mlflow.db</c>.</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--tracking-uri</c>.</summary>
    public Option<string?> TrackingUri { get; } = new("--tracking-uri")
    {
        Description = "The MLflow tracking URI (http(s)://host, sqlite:///path, databricks[://profile]); default MLFLOW_TRACKING_URI, else sqlite:///mlflow.db.",
        Recursive = true,
    };

    /// <summary><c>--experiment-id</c>.</summary>
    public Option<string?> ExperimentId { get; } = new("--experiment-id")
    {
        Description = "The experiment id; default MLFLOW_EXPERIMENT_ID.",
        Recursive = true,
    };

    /// <summary><c>--experiment-name</c>.</summary>
    public Option<string?> ExperimentName { get; } = new("--experiment-name")
    {
        Description = "The experiment name (created if missing, as mlflow.set_experiment does); default MLFLOW_EXPERIMENT_NAME.",
        Recursive = true,
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one JSON document to standard output instead of tables.",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "On failure, write the full error detail to standard error.",
        Recursive = true,
    };

    /// <summary><c>--yes</c>.</summary>
    public Option<bool> Yes { get; } = new("--yes", "-y")
    {
        Description = "Answer yes to confirmations of destructive operations (needed when there is no terminal).",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Add(TrackingUri);
        root.Add(ExperimentId);
        root.Add(ExperimentName);
        root.Add(Json);
        root.Add(Verbose);
        root.Add(Yes);
    }
}
