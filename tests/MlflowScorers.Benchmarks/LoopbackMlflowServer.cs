using System;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MlflowScorers.Benchmarks;

/// <summary>A loopback MLflow 3.6-shaped server with fixed answers, shared by the SDK and the raw baseline.</summary>
internal sealed class LoopbackMlflowServer : IDisposable
{
    private static readonly Lazy<LoopbackMlflowServer> s_shared = new(() => new LoopbackMlflowServer());

    private readonly WireMockServer _server;

    private LoopbackMlflowServer()
    {
        // No request log: a log that grows through the run would slow every later benchmark, and the SDK always runs after its baseline.
        _server = WireMockServer.Start(new WireMockServerSettings { MaxRequestLogCount = 0 });
        Answer("/version", "GET", 200, MlflowResponses.Version, "text/html; charset=utf-8");
        Answer("/api/3.0/mlflow/scorers/online-configs", "GET", 404, MlflowResponses.NotFoundPage, "text/html; charset=utf-8");
        Answer("/api/3.0/mlflow/scorers/get", "GET", 200, MlflowResponses.GetScorer);
        Answer("/api/3.0/mlflow/scorers/list", "GET", 200, MlflowResponses.ListScorers);
        Answer("/api/3.0/mlflow/scorers/register", "POST", 200, MlflowResponses.RegisterScorer);
        Answer("/api/2.0/mlflow/experiments/get", "GET", 200, MlflowResponses.GetExperiment);
    }

    /// <summary>One server for the whole run: every benchmark, SDK and baseline alike, talks to the same warmed-up process.</summary>
    public static LoopbackMlflowServer Shared => s_shared.Value;

    public Uri Url => new(_server.Url! + "/");

    public void Dispose() => _server.Dispose();

    private void Answer(string path, string method, int status, string body, string contentType = "application/json") =>
        _server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
}
