using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Tests.Support;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Evaluation;

/// <summary>
/// One backend for evaluating an application: the local store on a real SQLite file, or a fake MLflow 3.6 / 3.11 server; a
/// client on it, and an MLflow tracer provider that exports an application source of its own to the same experiment.
/// </summary>
internal sealed class PredictBackend : IAsyncDisposable
{
    private readonly string? _file;

    private PredictBackend(string kind, string? file, FakeMlflowServer? server)
    {
        Kind = kind;
        _file = file;
        Server = server;
    }

    public static IEnumerable<string> Kinds => ["local", "mlflow-3.6", "mlflow-3.11"];

    public string Kind { get; }

    public FakeMlflowServer? Server { get; }

    public string ExperimentId { get; private set; } = null!;

    public string TrackingUri { get; private set; } = null!;

    public MlflowClient Client { get; private set; } = null!;

    /// <summary>The application's source, listened to by <see cref="Tracing"/>.</summary>
    public ActivitySource Source { get; } = new("MlflowScorers.Tests.App." + Guid.NewGuid().ToString("N"));

    public TracerProvider Tracing { get; private set; } = null!;

    public static async Task<PredictBackend> CreateAsync(string kind)
    {
        PredictBackend backend;
        string uri;
        if (kind == "local")
        {
            var file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-predict-{Guid.NewGuid():N}.db");
            backend = new PredictBackend(kind, file, null);
            uri = "sqlite:///" + file;
        }
        else
        {
            var server = FakeMlflowServer.Start(kind == "mlflow-3.6" ? FakeServerVersion.Mlflow36 : FakeServerVersion.Mlflow311);
            backend = new PredictBackend(kind, null, server);
            uri = server.Url;
        }

        backend.TrackingUri = uri;
        backend.Client = new MlflowClient(new MlflowClientOptions { TrackingUri = uri, ExperimentName = "predict", ReadEnvironment = false, Retry = { MaxRetries = 0 } });
        backend.ExperimentId = await backend.Client.GetActiveExperimentIdAsync();
        backend.Tracing = MlflowTracing.CreateTracerProvider(options =>
        {
            options.TrackingUri = uri;
            options.ExperimentId = backend.ExperimentId;
            options.Sources.Add(backend.Source.Name);
            options.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
        });
        return backend;
    }

    public AppEvaluator Evaluator(ScorerRunner? runner = null) => new(Client, Tracing, Source, runner);

    /// <summary>The experiment's traces recorded for a run (metadata <c>mlflow.sourceRun</c>), info and assessments only.</summary>
    public async Task<List<Trace>> RunTracesAsync(string runId) =>
        await Client.SearchTracesAsync(new TraceSearchOptions
        {
            Filter = $"metadata.mlflow.sourceRun = '{runId}'",
            IncludeSpans = false,
        }).ToListAsync();

    /// <summary>
    /// Whether the backend gives the trace back with its spans. The local store always does; the fake servers only once their
    /// OTLP route keeps spans (until then 3.6 leaves such traces out of batchGet and 3.11 answers it with a 500).
    /// </summary>
    public async Task<bool> KeepsSpansAsync(string traceId)
    {
        try
        {
            return (await Client.GetTracesAsync([traceId])).SingleOrDefault()?.Spans.Count > 0;
        }
        catch (MlflowApiException) when (Server is not null)
        {
            return false;
        }
    }

    /// <summary>The status of every run the backend holds.</summary>
    public async Task<List<string>> RunStatusesAsync()
    {
        if (Server is not null)
        {
            return Server.Runs.Values.Select(r => r.Status).ToList();
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _file);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM runs";
        using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<string>();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        Tracing.Dispose();
        Source.Dispose();
        await Client.DisposeAsync();
        Server?.Dispose();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}
