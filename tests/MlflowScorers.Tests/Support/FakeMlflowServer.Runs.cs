using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WireMock;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// The fake server's runs: runs/create, runs/log-batch (metrics), runs/update and runs/get, in the shapes of MLflow's REST API
/// (not captured in the fixtures, so the shapes follow the public API reference: a run is <c>{"info": {...}, "data": {...}}</c>,
/// the server adds the <c>mlflow.runName</c> tag, metrics keep their latest value).
/// </summary>
public sealed partial class FakeMlflowServer
{
    private readonly Dictionary<string, FakeRun> _runs = new(StringComparer.Ordinal);

    /// <summary>The runs created so far, by id.</summary>
    public IReadOnlyDictionary<string, FakeRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return _runs.ToDictionary(r => r.Key, r => r.Value with { }, StringComparer.Ordinal);
            }
        }
    }

    private (string[] Methods, Func<Call, ResponseMessage> Handler)? RunRoute(string path) => path switch
    {
        "/api/2.0/mlflow/runs/create" => (["POST"], CreateRun),
        "/api/2.0/mlflow/runs/log-batch" => (["POST"], LogBatch),
        "/api/2.0/mlflow/runs/update" => (["POST"], UpdateRun),
        "/api/2.0/mlflow/runs/get" => (["GET"], call => Json(200, new JsonObject { ["run"] = Run(call.RequiredQuery("run_id")).ToJson() })),
        _ => null,
    };

    private ResponseMessage CreateRun(Call call)
    {
        var experimentId = call.RequiredString("experiment_id");
        Experiment(experimentId);
        var runId = Guid.NewGuid().ToString("N");
        var name = call.Body?["run_name"]?.GetValue<string>() ?? "fake-run";
        var tags = (call.Body?["tags"]?.AsArray() ?? []).ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["value"]!.GetValue<string>(), StringComparer.Ordinal);
        tags["mlflow.runName"] = name;
        var run = new FakeRun(runId, experimentId, name, call.Body?["start_time"]?.GetValue<long>() ?? Tick(), tags);
        _runs[runId] = run;
        return Json(200, new JsonObject { ["run"] = run.ToJson() });
    }

    private ResponseMessage LogBatch(Call call)
    {
        var run = Run(call.RequiredString("run_id"));
        foreach (var metric in call.Body?["metrics"]?.AsArray() ?? [])
        {
            run.Metrics[metric!["key"]!.GetValue<string>()] = (metric["value"]!.GetValue<double>(), metric["timestamp"]!.GetValue<long>());
        }

        return Json(200, []);
    }

    private ResponseMessage UpdateRun(Call call)
    {
        var run = Run(call.RequiredString("run_id"));
        run.Status = call.Body?["status"]?.GetValue<string>() ?? run.Status;
        run.EndTime = call.Body?["end_time"]?.GetValue<long>();
        return Json(200, new JsonObject { ["run_info"] = run.InfoJson() });
    }

    private FakeRun Run(string runId) =>
        _runs.TryGetValue(runId, out var run) ? run : throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run with id={runId} not found");

    /// <summary>A run the fake holds.</summary>
    public sealed record FakeRun(string RunId, string ExperimentId, string Name, long StartTime, Dictionary<string, string> Tags)
    {
        /// <summary>RUNNING until runs/update changes it.</summary>
        public string Status { get; set; } = "RUNNING";

        /// <summary>Set by runs/update.</summary>
        public long? EndTime { get; set; }

        /// <summary>The latest value and timestamp of each metric.</summary>
        public Dictionary<string, (double Value, long Timestamp)> Metrics { get; } = new(StringComparer.Ordinal);

        internal JsonObject InfoJson() => new()
        {
            ["run_id"] = RunId,
            ["run_uuid"] = RunId,
            ["experiment_id"] = ExperimentId,
            ["run_name"] = Name,
            ["status"] = Status,
            ["start_time"] = StartTime,
            ["end_time"] = EndTime,
            ["lifecycle_stage"] = "active",
        };

        internal JsonObject ToJson() => new()
        {
            ["info"] = InfoJson(),
            ["data"] = new JsonObject
            {
                ["metrics"] = new JsonArray(Metrics.Select(m => (JsonNode)new JsonObject
                {
                    ["key"] = m.Key,
                    ["value"] = m.Value.Value,
                    ["timestamp"] = m.Value.Timestamp,
                    ["step"] = 0,
                }).ToArray()),
                ["tags"] = new JsonArray(Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
            },
        };
    }
}
