using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// A local MLflow database on <c>/dev/shm</c> (or the temp folder) with one experiment, a started trivial code scorer and N
/// one-span traces spread over the last <see cref="Spread"/>, written in one transaction by the store's own trace writer.
/// </summary>
internal sealed class MonitorDatabase : IAsyncDisposable
{
    /// <summary>How far back the seeded traces reach (inside the monitor's one-hour look-back).</summary>
    public static readonly TimeSpan Spread = TimeSpan.FromMinutes(40);

    private MonitorDatabase(string file, MlflowClient client, string experimentId)
    {
        File = file;
        Client = client;
        ExperimentId = experimentId;
    }

    public string File { get; }

    public MlflowClient Client { get; }

    public string ExperimentId { get; }

    /// <summary>The trivial code scorer: the answer's length.</summary>
    public static CodeScorer Length { get; } =
        CodeScorer.FromOutputs("answer_length", outputs => outputs?.GetValue<string>().Length ?? 0) with { Implementation = "Benchmarks.AnswerLength" };

    public static async Task<MonitorDatabase> CreateAsync(int traces)
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var file = Path.Combine(folder, $"mlflowscorers-monitor-bench-{Guid.NewGuid():N}.db");
        var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + file, ReadEnvironment = false });
        var experimentId = await client.CreateExperimentAsync("monitor-benchmark").ConfigureAwait(false);
        await (await client.RegisterAsync(Length, experimentId: experimentId).ConfigureAwait(false))
            .StartAsync(client, new ScorerSamplingConfig(1.0)).ConfigureAwait(false);
        var start = DateTimeOffset.UtcNow - Spread - TimeSpan.FromSeconds(10); // The last trace is outside the completion buffer.
        var step = Spread.TotalMilliseconds / traces;
        await AddAsync(file, experimentId, Enumerable.Range(0, traces).Select(i => (i, start.AddMilliseconds(i * step)))).ConfigureAwait(false);
        return new MonitorDatabase(file, client, experimentId);
    }

    /// <summary>Writes traces in one transaction, as one OTLP export batch would.</summary>
    public Task AddAsync(IEnumerable<(int Number, DateTimeOffset Start)> traces) => AddAsync(File, ExperimentId, traces);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        System.IO.File.Delete(File);
    }

    private static async Task AddAsync(string file, string experimentId, IEnumerable<(int Number, DateTimeOffset Start)> traces)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync().ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var experiment = long.Parse(experimentId, CultureInfo.InvariantCulture);
        foreach (var (number, start) in traces)
        {
            await LocalTraceWriter.WriteAsync(connection, transaction, experiment, null, Trace(number, start), start.ToUnixTimeMilliseconds(), default)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static Trace Trace(int number, DateTimeOffset start)
    {
        var startNanos = start.ToUnixTimeMilliseconds() * 1_000_000;
        return new Trace
        {
            Info = new TraceInfo
            {
                TraceId = "tr-" + Guid.NewGuid().ToString("N"),
                RequestTime = start,
                ExecutionDuration = TimeSpan.FromMilliseconds(20),
                State = "OK",
            },
            Spans =
            [
                new Span
                {
                    SpanId = (number + 1).ToString("x16", CultureInfo.InvariantCulture),
                    Name = "app",
                    SpanType = new SpanType("CHAIN"),
                    StartTimeUnixNano = startNanos,
                    EndTimeUnixNano = startNanos + 20_000_000,
                    StatusCode = "STATUS_CODE_OK",
                    Inputs = new JsonObject { ["question"] = $"question {number}" },
                    Outputs = JsonValue.Create($"answer {number}"),
                },
            ],
        };
    }
}
