using System.Collections.Generic;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The body of POST <c>/api/2.0/mlflow/runs/create</c>.</summary>
internal sealed record CreateRunRequest(string ExperimentId, string RunName, long StartTime, IReadOnlyList<RunTagDto> Tags);

/// <summary>The body of POST <c>/api/2.0/mlflow/runs/log-batch</c> (metrics only).</summary>
internal sealed record LogBatchRequest(string RunId, IReadOnlyList<MetricDto> Metrics);

/// <summary>The body of POST <c>/api/2.0/mlflow/runs/update</c>.</summary>
internal sealed record UpdateRunRequest(string RunId, string Status, long EndTime);

/// <summary>The reply of runs/create and runs/get: <c>{"run": {...}}</c>.</summary>
internal sealed record RunResponse
{
    public RunDto? Run { get; set; }
}

/// <summary>A run: its info and its data.</summary>
internal sealed record RunDto
{
    public RunInfoDto? Info { get; set; }

    public RunDataDto? Data { get; set; }
}

/// <summary>A run's info.</summary>
internal sealed record RunInfoDto
{
    public string? RunId { get; set; }

    public string? RunName { get; set; }

    public string? ExperimentId { get; set; }

    public string? Status { get; set; }
}

/// <summary>A run's latest metrics and tags.</summary>
internal sealed record RunDataDto
{
    public List<MetricDto>? Metrics { get; set; }

    public List<RunTagDto>? Tags { get; set; }
}

/// <summary>One metric value.</summary>
internal sealed record MetricDto
{
    public string? Key { get; set; }

    public double Value { get; set; }

    public long Timestamp { get; set; }

    public long Step { get; set; }
}

/// <summary>One run tag.</summary>
internal sealed record RunTagDto
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}
