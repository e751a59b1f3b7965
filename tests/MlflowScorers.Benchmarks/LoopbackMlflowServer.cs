using System;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MlflowScorers.Benchmarks;

/// <summary>A loopback MLflow 3.6-shaped server with fixed answers, shared by the SDK and the raw baseline.</summary>
internal sealed class LoopbackMlflowServer : IDisposable
{
    public const string ExperimentId = "1";
    public const string ScorerName = "politeness";

    public const string SerializedScorer =
        "{\"name\": \"politeness\", \"aggregations\": null, \"description\": \"Checks politeness.\", \"mlflow_version\": \"3.6.0\", \"serialization_version\": 1, \"builtin_scorer_class\": \"Guidelines\", \"builtin_scorer_pydantic_data\": {\"name\": \"politeness\", \"aggregations\": null, \"description\": \"Checks politeness.\", \"required_columns\": [\"inputs\", \"outputs\"], \"guidelines\": [\"The response must be polite.\"], \"model\": null, \"instructions\": \"Judge the guidelines.\"}, \"call_source\": null, \"call_signature\": null, \"original_func_name\": null, \"instructions_judge_pydantic_data\": null}";

    private static readonly Lazy<LoopbackMlflowServer> s_shared = new(() => new LoopbackMlflowServer());

    private readonly WireMockServer _server;

    private LoopbackMlflowServer()
    {
        // No request log: a log that grows through the run would slow every later benchmark, and the SDK always runs after its baseline.
        _server = WireMockServer.Start(new WireMockServerSettings { MaxRequestLogCount = 0 });
        var scorer = new System.Text.Json.Nodes.JsonObject
        {
            ["experiment_id"] = 1,
            ["scorer_name"] = ScorerName,
            ["scorer_version"] = 1,
            ["serialized_scorer"] = SerializedScorer,
            ["creation_time"] = 1795708522779,
            ["scorer_id"] = "0bb74f92-58c3-4a3e-aee0-98599dab1d2d",
        };
        var experiment = "{\"experiment\": {\"experiment_id\": \"1\", \"name\": \"bench\", \"artifact_location\": \"mlflow-artifacts:/1\", \"lifecycle_stage\": \"active\", \"last_update_time\": 1795708522779, \"creation_time\": 1795708522779}}";
        var register = "{\"version\": 2, \"scorer_id\": \"0bb74f92-58c3-4a3e-aee0-98599dab1d2d\", \"experiment_id\": \"1\", \"name\": \"politeness\", \"serialized_scorer\": " + System.Text.Json.JsonSerializer.Serialize(SerializedScorer) + ", \"creation_time\": 1795708522779}";

        Json("/version", "GET", "3.6.1.dev0", "text/html; charset=utf-8");
        _server.Given(Request.Create().WithPath("/api/3.0/mlflow/scorers/online-configs").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/html; charset=utf-8").WithBody("<!doctype html><title>404 Not Found</title>"));
        Json("/api/3.0/mlflow/scorers/get", "GET", "{\"scorer\": " + scorer.ToJsonString() + "}");
        Json("/api/3.0/mlflow/scorers/list", "GET", "{\"scorers\": [" + scorer.ToJsonString() + "]}");
        Json("/api/3.0/mlflow/scorers/register", "POST", register);
        Json("/api/2.0/mlflow/experiments/get", "GET", experiment);
    }

    /// <summary>One server for the whole run: every benchmark, SDK and baseline alike, talks to the same warmed-up process.</summary>
    public static LoopbackMlflowServer Shared => s_shared.Value;

    public Uri Url => new(_server.Url! + "/");

    public void Dispose() => _server.Dispose();

    private void Json(string path, string method, string body, string contentType = "application/json") =>
        _server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body));
}
