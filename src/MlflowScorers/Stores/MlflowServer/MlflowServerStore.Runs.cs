using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>The run calls of an evaluation: runs/create, runs/log-batch, runs/update and runs/get of MLflow's REST API.</summary>
internal sealed partial class MlflowServerStore : IRunStore
{
    /// <summary>MLflow's limit of metrics in one log-batch call; more are sent in several calls.</summary>
    private const int MetricsPerBatch = 1000;

    /// <inheritdoc />
    public async Task<string> CreateRunAsync(
        string experimentId, string runName, DateTimeOffset startTime, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(runName);
        ArgumentNullException.ThrowIfNull(tags);
        var body = new CreateRunRequest(
            experimentId, runName, startTime.ToUnixTimeMilliseconds(), tags.Select(t => new RunTagDto { Key = t.Key, Value = t.Value }).ToList());
        var reply = await _rest.SendAsync(
            HttpMethod.Post, MlflowServerPaths.CreateRun, body, s_json.CreateRunRequest, s_json.RunResponse, nonIdempotent: true, cancellationToken)
            .ConfigureAwait(false);
        return reply.Run?.Info?.RunId is { Length: > 0 } runId
            ? runId
            : throw new MlflowException($"The server's reply to {MlflowServerPaths.CreateRun} has no run id.");
    }

    /// <inheritdoc />
    public async Task LogMetricsAsync(string runId, IReadOnlyDictionary<string, double> metrics, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        var ms = timestamp.ToUnixTimeMilliseconds();
        foreach (var chunk in metrics.Chunk(MetricsPerBatch))
        {
            var body = new LogBatchRequest(runId, chunk.Select(m => new MetricDto { Key = m.Key, Value = m.Value, Timestamp = ms, Step = 0 }).ToList());
            await _rest.SendAsync(
                HttpMethod.Post, MlflowServerPaths.LogBatch, body, s_json.LogBatchRequest, s_json.EmptyResponse, nonIdempotent: false, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task EndRunAsync(string runId, string status, DateTimeOffset endTime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        await _rest.SendAsync(
            HttpMethod.Post,
            MlflowServerPaths.UpdateRun,
            new UpdateRunRequest(runId, status, endTime.ToUnixTimeMilliseconds()),
            s_json.UpdateRunRequest,
            s_json.EmptyResponse,
            nonIdempotent: false,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredRun> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var reply = await _rest.GetAsync(MlflowServerPaths.GetRun, [Pair("run_id", runId)], s_json.RunResponse, cancellationToken).ConfigureAwait(false);
        var info = reply.Run?.Info ?? throw new MlflowException($"The server's reply to {MlflowServerPaths.GetRun} has no run info.");
        var data = reply.Run.Data;
        return new StoredRun(
            info.RunId ?? runId,
            info.ExperimentId ?? string.Empty,
            info.RunName,
            info.Status ?? string.Empty,
            (data?.Metrics ?? []).Where(m => m.Key is not null).GroupBy(m => m.Key!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Timestamp).Last().Value, StringComparer.Ordinal),
            (data?.Tags ?? []).Where(t => t.Key is not null).ToDictionary(t => t.Key!, t => t.Value ?? string.Empty, StringComparer.Ordinal));
    }
}
