using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Runs in MLflow's own tables (<c>runs</c>, <c>tags</c>, <c>metrics</c>, <c>latest_metrics</c>), filled as MLflow's SQL store
/// fills them, so MLflow shows the run with its metrics. The caller makes sure the schema exists (<see cref="LocalScorerStore"/> does).
/// </summary>
internal sealed class LocalRunStore(LocalDatabase database) : IRunStore
{
    private const string RunNameTag = "mlflow.runName";

    /// <inheritdoc />
    public Task<string> CreateRunAsync(
        string experimentId, string runName, DateTimeOffset startTime, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(runName);
        ArgumentNullException.ThrowIfNull(tags);
        return database.WriteAsync(
            async (connection, transaction, token) =>
            {
                var id = await LocalExperimentQueries.RequireActiveAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                var experiment = await LocalExperimentQueries.FindAsync(connection, transaction, experimentId, token).ConfigureAwait(false);
                var runId = Guid.NewGuid().ToString("N");
                await LocalSql.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, "
                        + "source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES "
                        + "($id, $name, 'UNKNOWN', '', '', '', 'RUNNING', $start, NULL, '', 'active', $artifacts, $experiment)",
                    token,
                    ("$id", runId),
                    ("$name", runName),
                    ("$start", startTime.ToUnixTimeMilliseconds()),
                    ("$artifacts", $"{experiment?.ArtifactLocation}/{runId}/artifacts"),
                    ("$experiment", id)).ConfigureAwait(false);
                foreach (var (key, value) in tags.Append(KeyValuePair.Create(RunNameTag, runName)).DistinctBy(t => t.Key, StringComparer.Ordinal))
                {
                    await LocalSql.ExecuteAsync(
                        connection, transaction, "INSERT INTO tags (\"key\", value, run_uuid) VALUES ($key, $value, $run)", token,
                        ("$key", key), ("$value", value), ("$run", runId)).ConfigureAwait(false);
                }

                return runId;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        return database.WriteAsync(
            async (connection, transaction, token) =>
            {
                await RequireActiveRunAsync(connection, transaction, runId, token).ConfigureAwait(false);
                var ms = timestamp.ToUnixTimeMilliseconds();
                foreach (var (key, value) in metrics)
                {
                    var isNan = double.IsNaN(value);
                    var stored = isNan ? 0.0 : value;
                    await LocalSql.ExecuteAsync(
                        connection, transaction,
                        "INSERT OR IGNORE INTO metrics (\"key\", value, timestamp, run_uuid, step, is_nan) VALUES ($key, $value, $ts, $run, 0, $nan)",
                        token, ("$key", key), ("$value", stored), ("$ts", ms), ("$run", runId), ("$nan", isNan)).ConfigureAwait(false);
                    await LocalSql.ExecuteAsync(
                        connection, transaction,
                        "INSERT INTO latest_metrics (\"key\", value, timestamp, step, is_nan, run_uuid) VALUES ($key, $value, $ts, 0, $nan, $run) "
                            + "ON CONFLICT (\"key\", run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, is_nan = excluded.is_nan "
                            + "WHERE excluded.timestamp >= latest_metrics.timestamp",
                        token, ("$key", key), ("$value", stored), ("$ts", ms), ("$run", runId), ("$nan", isNan)).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task EndRunAsync(string runId, string status, DateTimeOffset endTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        return database.WriteAsync(
            async (connection, transaction, token) =>
            {
                await RequireActiveRunAsync(connection, transaction, runId, token).ConfigureAwait(false);
                return await LocalSql.ExecuteAsync(
                    connection, transaction, "UPDATE runs SET status = $status, end_time = $end WHERE run_uuid = $run", token,
                    ("$status", status), ("$end", endTime.ToUnixTimeMilliseconds()), ("$run", runId)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredRun> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return database.ReadAsync(
            async (connection, token) =>
            {
                var runs = await LocalSql.QueryAsync(
                    connection, null, "SELECT run_uuid, experiment_id, name, status FROM runs WHERE run_uuid = $run",
                    r => (Id: r.GetString(0), Experiment: r.GetInt64(1).ToString(CultureInfo.InvariantCulture), Name: LocalSql.NullableString(r, 2), Status: r.GetString(3)),
                    token, ("$run", runId)).ConfigureAwait(false);
                if (runs.Count == 0)
                {
                    throw RunNotFound(runId);
                }

                var metrics = await LocalSql.QueryAsync(
                    connection, null, "SELECT \"key\", value, is_nan FROM latest_metrics WHERE run_uuid = $run",
                    r => KeyValuePair.Create(r.GetString(0), r.GetBoolean(2) ? double.NaN : r.GetDouble(1)), token, ("$run", runId)).ConfigureAwait(false);
                var tags = await LocalSql.QueryAsync(
                    connection, null, "SELECT \"key\", value FROM tags WHERE run_uuid = $run",
                    r => KeyValuePair.Create(r.GetString(0), LocalSql.NullableString(r, 1) ?? string.Empty), token, ("$run", runId)).ConfigureAwait(false);
                var run = runs[0];
                return new StoredRun(
                    run.Id, run.Experiment, run.Name, run.Status,
                    metrics.ToDictionary(StringComparer.Ordinal), tags.ToDictionary(StringComparer.Ordinal));
            },
            cancellationToken);
    }

    private static async Task RequireActiveRunAsync(SqliteConnection connection, SqliteTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var stage = await LocalSql.ScalarAsync(
            connection, transaction, "SELECT lifecycle_stage FROM runs WHERE run_uuid = $run", cancellationToken, ("$run", runId)).ConfigureAwait(false);
        if (stage is not string text)
        {
            throw RunNotFound(runId);
        }

        if (text != "active")
        {
            throw new MlflowApiException(
                HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, $"The run {runId} must be in the 'active' state. Current state is {text}.");
        }
    }

    private static MlflowApiException RunNotFound(string runId) =>
        new(HttpStatusCode.NotFound, MlflowErrorCode.ResourceDoesNotExist, $"Run with id={runId} not found");
}
