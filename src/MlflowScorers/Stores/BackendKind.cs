namespace MlflowScorers.Stores;

/// <summary>The kinds of scorer backend, chosen from the tracking URI's scheme.</summary>
internal enum BackendKind
{
    /// <summary>An MLflow tracking server over HTTP(S).</summary>
    MlflowServer,

    /// <summary>A Databricks workspace (managed evaluations).</summary>
    Databricks,

    /// <summary>An MLflow SQLite database file opened directly.</summary>
    Local,
}
