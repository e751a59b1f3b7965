using System;
using System.IO;
using Microsoft.Data.Sqlite;
using MlflowScorers.Stores.Local;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>A database file in a folder of its own under the temp path, deleted with the folder.</summary>
internal sealed class TempDatabase : IDisposable
{
    private TempDatabase(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>A path where no file exists yet.</summary>
    public static TempDatabase New()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlflowscorers-local-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TempDatabase(System.IO.Path.Combine(folder, "mlflow.db"));
    }

    /// <summary>A copy of the real MLflow 3.6 database.</summary>
    public static TempDatabase CopyOfMlflow36()
    {
        var database = New();
        File.Copy(Fixtures.PathOf("mlflow-3.6/mlflow.db"), database.Path);
        return database;
    }

    /// <summary>A database made from the real MLflow 3.11 schema, as a 3.11 server leaves it before it adds experiments.</summary>
    public static TempDatabase FromMlflow311Schema()
    {
        var database = New();
        database.Execute(Fixtures.ReadText("mlflow-3.11/schema.sql"));
        database.Execute($"INSERT INTO alembic_version VALUES ('{MlflowSchemaRevisions.Mlflow311}');"
            + "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
            + "VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1, 1);");
        return database;
    }

    public LocalScorerStore OpenStore(TimeProvider? timeProvider = null) => new(Path, timeProvider ?? TimeProvider.System);

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
