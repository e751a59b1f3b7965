using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Benchmarks.Search;

/// <summary>
/// An MLflow SQLite database with one experiment of a given number of traces, made by the local store (schema and experiment)
/// and filled with direct SQL inserts in one transaction. Each trace is one second after the previous one and has the rows a
/// real trace has: four tags (env alternating prod and dev), three or four metadata keys (every 50th trace comes from an
/// evaluation run), one span with its JSON content, and on every third trace a feedback.
/// </summary>
internal sealed class SearchDatabase : IAsyncDisposable
{
    /// <summary>The first trace's time (2026-12-01T00:00:00Z), in milliseconds since the epoch.</summary>
    public const long FirstTimestampMs = 1_796_083_200_000;

    private SearchDatabase(string path, int traces, string experimentId)
    {
        Path = path;
        Traces = traces;
        ExperimentId = experimentId;
        Store = new LocalScorerStore(path, TimeProvider.System);
        Database = new LocalDatabase(path);
    }

    public string Path { get; }

    public int Traces { get; }

    public string ExperimentId { get; }

    /// <summary>The store, as the SDK searches it.</summary>
    public LocalScorerStore Store { get; }

    /// <summary>The same file, for the in-memory baseline.</summary>
    public LocalDatabase Database { get; }

    /// <summary>The time of trace <paramref name="index"/>.</summary>
    public static long TimestampOf(int index) => FirstTimestampMs + (index * 1000L);

    public static async Task<SearchDatabase> CreateAsync(string folder, int traces)
    {
        var path = System.IO.Path.Combine(folder, $"search-{traces.ToString(CultureInfo.InvariantCulture)}.db");
        string experimentId;
        await using (var store = new LocalScorerStore(path, TimeProvider.System))
        {
            experimentId = await store.CreateExperimentAsync("search-benchmark", default).ConfigureAwait(false);
        }

        Fill(path, long.Parse(experimentId, CultureInfo.InvariantCulture), traces);
        return new SearchDatabase(path, traces, experimentId);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync().ConfigureAwait(false);
        Database.ClearPool();
    }

    private static void Fill(string path, long experimentId, int traces)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var info = Command(
            connection,
            transaction,
            "INSERT INTO trace_info (" + LocalTraceRow.Columns + ") VALUES ($id, $experiment, $timestamp, $duration, $status, NULL, $request, $response)",
            "$id", "$experiment", "$timestamp", "$duration", "$status", "$request", "$response");
        using var tag = Command(connection, transaction, "INSERT INTO trace_tags (\"key\", value, request_id) VALUES ($key, $value, $id)", "$key", "$value", "$id");
        using var metadata = Command(
            connection, transaction, "INSERT INTO trace_request_metadata (\"key\", value, request_id) VALUES ($key, $value, $id)", "$key", "$value", "$id");
        using var span = Command(
            connection,
            transaction,
            "INSERT INTO spans (trace_id, experiment_id, span_id, parent_span_id, name, type, status, start_time_unix_nano, end_time_unix_nano, content) "
                + "VALUES ($id, $experiment, $span, NULL, 'chat', 'CHAT_MODEL', 'OK', $start, $end, $content)",
            "$id", "$experiment", "$span", "$start", "$end", "$content");
        using var feedback = Command(
            connection,
            transaction,
            "INSERT INTO assessments (" + LocalAssessmentRow.Columns + ", run_id) VALUES ($assessment, $id, 'safety', 'feedback', '\"yes\"', NULL, "
                + "$time, $time, 'LLM_JUDGE', 'gateway:/judge', $span, 'looks safe', NULL, 1, NULL, NULL)",
            "$assessment", "$id", "$time", "$span");
        for (var i = 0; i < traces; i++)
        {
            var id = "tr-" + i.ToString("x32", CultureInfo.InvariantCulture);
            var spanId = i.ToString("x16", CultureInfo.InvariantCulture);
            var timestamp = TimestampOf(i);
            var duration = 100 + (i % 400);
            var question = $"{{\"question\": \"question number {i.ToString(CultureInfo.InvariantCulture)}\"}}";
            var answer = $"\"answer number {i.ToString(CultureInfo.InvariantCulture)}\"";
            Run(info, id, experimentId, timestamp, duration, i % 10 == 0 ? "ERROR" : "OK", question, answer);
            Run(tag, "mlflow.traceName", "chat", id);
            Run(tag, "env", i % 2 == 0 ? "prod" : "dev", id);
            Run(tag, "mlflow.artifactLocation", $"mlflow-artifacts:/{experimentId}/traces/{id}/artifacts", id);
            Run(tag, "mlflow.trace.spansLocation", "TRACKING_STORE", id);
            Run(metadata, "mlflow.traceInputs", question, id);
            Run(metadata, "mlflow.traceOutputs", answer, id);
            Run(metadata, "mlflow.trace_schema.version", "3", id);
            if (i % 50 == 0)
            {
                Run(metadata, "mlflow.sourceRun", "evaluation-run", id);
            }

            var start = timestamp * 1_000_000;
            Run(span, id, experimentId, spanId, start, start + (duration * 1_000_000L), SpanContent(id, spanId, start, duration, question, answer));
            if (i % 3 == 0)
            {
                Run(feedback, "a-" + i.ToString("x32", CultureInfo.InvariantCulture), id, timestamp + duration + 500, spanId);
            }
        }

        transaction.Commit();
    }

    private static string SpanContent(string traceId, string spanId, long start, int duration, string question, string answer) =>
        FormattableString.Invariant(
            $"{{\"trace_id\": \"{traceId}\", \"span_id\": \"{spanId}\", \"parent_span_id\": null, \"name\": \"chat\", ")
        + FormattableString.Invariant($"\"start_time_unix_nano\": {start}, \"end_time_unix_nano\": {start + (duration * 1_000_000L)}, ")
        + "\"status\": {\"code\": \"STATUS_CODE_OK\", \"message\": \"\"}, \"attributes\": {"
        + $"\"mlflow.traceRequestId\": \"\\\"{traceId}\\\"\", \"mlflow.spanType\": \"\\\"CHAT_MODEL\\\"\", "
        + $"\"mlflow.spanInputs\": {System.Text.Json.Nodes.JsonValue.Create(question).ToJsonString()}, "
        + $"\"mlflow.spanOutputs\": {System.Text.Json.Nodes.JsonValue.Create(answer).ToJsonString()}}}, \"events\": []}}";

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
