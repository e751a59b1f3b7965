using System;

namespace MlflowScorers.Stores.Local;

/// <summary>The alembic revisions of MLflow's SQLite schema that the local store reads and writes.</summary>
internal static class MlflowSchemaRevisions
{
    /// <summary>The alembic head of MLflow 3.6 (measured on a 3.6.1.dev0 server).</summary>
    public const string Mlflow36 = "1b5f0d9ad7c1";

    /// <summary>The alembic head of MLflow 3.11 (measured on a 3.11.2.dev0 server); it has <c>online_scoring_configs</c>.</summary>
    public const string Mlflow311 = "7d34483879f0";

    /// <summary>The MLflow version whose schema has this revision as its head, or <see langword="null"/> when unknown.</summary>
    public static Version? MlflowVersionOf(string revision) => revision switch
    {
        Mlflow36 => new Version(3, 6),
        Mlflow311 => new Version(3, 11),
        _ => null,
    };
}
