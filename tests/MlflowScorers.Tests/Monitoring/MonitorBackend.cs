using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Monitoring;
using MlflowScorers.Stores.Local;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// A backend for monitor tests: the local SQLite store or a stateful fake MLflow server, one experiment, and as many clients
/// (stand-ins for separate processes) as a test wants. Traces are seeded directly, as OTLP ingestion would store them.
/// </summary>
internal sealed class MonitorBackend : IAsyncDisposable
{
    private readonly List<MlflowClient> _clients = [];
    private readonly string? _file;

    private MonitorBackend(string kind, string uri, string? file, FakeMlflowServer? server)
    {
        Kind = kind;
        Uri = uri;
        _file = file;
        Server = server;
    }

    public string Kind { get; }

    public string Uri { get; }

    public FakeMlflowServer? Server { get; }

    public string ExperimentId { get; private set; } = null!;

    /// <summary>A client for the test itself (an operator's process).</summary>
    public MlflowClient Admin { get; private set; } = null!;

    public static IEnumerable<string> Kinds => ["local", "mlflow-3.11"];

    public static async Task<MonitorBackend> CreateAsync(string kind)
    {
        MonitorBackend backend;
        if (kind == "local")
        {
            // A memory-backed folder where there is one: these tests measure the monitor, not the disk's fsync.
            var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            var file = Path.Combine(folder, $"mlflowscorers-monitor-{Guid.NewGuid():N}.db");
            backend = new MonitorBackend(kind, "sqlite:///" + file, file, null);
        }
        else
        {
            var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
            backend = new MonitorBackend(kind, server.Url, null, server);
        }

        backend.ExperimentId = await backend.NewClient().CreateExperimentAsync("monitor-" + Guid.NewGuid().ToString("N")[..8]);
        backend.Admin = backend.NewClient();
        return backend;
    }

    /// <summary>A new client on the backend, as another process would have.</summary>
    public MlflowClient NewClient()
    {
        var client = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = Uri,
            ExperimentId = ExperimentId,
            ReadEnvironment = false,
            Retry = { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
        });
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>A monitor's backend over a new client, for wrapping with faults.</summary>
    public IMonitorBackend NewMonitorBackend() => new ClientMonitorBackend(NewClient());

    public static string TraceId(int n) => "tr-" + n.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>
    /// Seeds traces: each starts at its time, lasts 20 ms, asks "question n" and answers "answer n". On the local store all go
    /// in one transaction through the store's own trace writer, as one OTLP export batch would.
    /// </summary>
    public async Task AddTracesAsync(IEnumerable<TraceSeed> seeds)
    {
        if (_file is null)
        {
            foreach (var seed in seeds)
            {
                Server!.AddTrace(ExperimentId, seed.ToServerJson());
            }

            return;
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false }.ToString());
        await connection.OpenAsync();
        using var transaction = connection.BeginTransaction(deferred: false);
        var experimentId = long.Parse(ExperimentId, CultureInfo.InvariantCulture);
        foreach (var seed in seeds)
        {
            await LocalTraceWriter.WriteAsync(connection, transaction, experimentId, null, seed.ToTrace(), seed.Start.ToUnixTimeMilliseconds(), default);
        }

        await transaction.CommitAsync();
    }

    /// <summary>Deletes a trace from the local store's file, as another process's cleanup would.</summary>
    public async Task DeleteTraceAsync(string traceId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false, ForeignKeys = true }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM spans WHERE trace_id = $id; DELETE FROM assessments WHERE trace_id = $id; DELETE FROM trace_info WHERE request_id = $id";
        command.Parameters.AddWithValue("$id", traceId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every trace of the experiment with its assessments (no spans).</summary>
    public async Task<List<Trace>> TracesAsync()
    {
        var client = NewClient();
        return await client.SearchTracesAsync(new TraceSearchOptions { PageSize = 500, IncludeSpans = false }).ToListAsync();
    }

    /// <summary>How many monitor feedback each (trace, idempotency key) has.</summary>
    public async Task<Dictionary<(string Trace, string Key), int>> MonitorFeedbackAsync() =>
        (await TracesAsync())
        .SelectMany(t => t.Info.Assessments.OfType<Feedback>()
            .Where(f => f.Metadata?.ContainsKey(MonitorMetadataKeys.IdempotencyKey) == true)
            .Select(f => (t.TraceId, f.Metadata![MonitorMetadataKeys.IdempotencyKey])))
        .GroupBy(x => x)
        .ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        Server?.Dispose();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}

/// <summary>A trace to seed.</summary>
internal sealed record TraceSeed(int Number, DateTimeOffset Start)
{
    public string? Session { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public bool FromEvaluationRun { get; init; }

    public string TraceId => MonitorBackend.TraceId(Number);

    public string SpanId => (Number + 1).ToString("x16", CultureInfo.InvariantCulture);

    private Dictionary<string, string> Metadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Session is not null)
        {
            metadata["mlflow.trace.session"] = Session;
        }

        if (FromEvaluationRun)
        {
            metadata["mlflow.sourceRun"] = "run-1";
        }

        return metadata;
    }

    public Trace ToTrace()
    {
        var startNanos = Start.ToUnixTimeMilliseconds() * 1_000_000;
        return new Trace
        {
            Info = new TraceInfo
            {
                TraceId = TraceId,
                RequestTime = Start,
                ExecutionDuration = TimeSpan.FromMilliseconds(20),
                State = "OK",
                Tags = Tags,
                Metadata = Metadata(),
            },
            Spans =
            [
                new Span
                {
                    SpanId = SpanId,
                    Name = "app",
                    SpanType = new SpanType("CHAIN"),
                    StartTimeUnixNano = startNanos,
                    EndTimeUnixNano = startNanos + 20_000_000,
                    StatusCode = "STATUS_CODE_OK",
                    Inputs = new JsonObject { ["question"] = $"question {Number}" },
                    Outputs = JsonValue.Create($"answer {Number}"),
                },
            ],
        };
    }

    public JsonObject ToServerJson()
    {
        var startNanos = Start.ToUnixTimeMilliseconds() * 1_000_000;
        var metadata = new JsonObject();
        foreach (var (key, value) in Metadata())
        {
            metadata[key] = value;
        }

        var tags = new JsonObject();
        foreach (var (key, value) in Tags)
        {
            tags[key] = value;
        }

        return new JsonObject
        {
            ["trace_info"] = new JsonObject
            {
                ["trace_id"] = TraceId,
                ["request_time"] = Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["execution_duration"] = "0.020s",
                ["state"] = "OK",
                ["trace_metadata"] = metadata,
                ["tags"] = tags,
            },
            ["spans"] = new JsonArray(new JsonObject
            {
                ["trace_id"] = Convert.ToBase64String(Convert.FromHexString(TraceId[3..])),
                ["span_id"] = Convert.ToBase64String(Convert.FromHexString(SpanId)),
                ["name"] = "app",
                ["start_time_unix_nano"] = startNanos,
                ["end_time_unix_nano"] = startNanos + 20_000_000,
                ["attributes"] = new JsonArray(
                    Attribute("mlflow.spanType", new JsonObject { ["string_value"] = "CHAIN" }),
                    Attribute("mlflow.spanInputs", new JsonObject { ["string_value"] = new JsonObject { ["question"] = $"question {Number}" }.ToJsonString() }),
                    Attribute("mlflow.spanOutputs", new JsonObject { ["string_value"] = $"answer {Number}" })),
                ["status"] = new JsonObject { ["code"] = "STATUS_CODE_OK" },
            }),
        };
    }

    private static JsonObject Attribute(string key, JsonObject value) => new() { ["key"] = key, ["value"] = value };
}
