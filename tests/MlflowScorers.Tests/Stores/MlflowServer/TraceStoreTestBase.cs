using System;
using System.Linq;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>A WireMock server answering chosen routes, for the server store's trace and assessment tests.</summary>
public abstract class TraceStoreTestBase
{
    protected const string Traces = "/api/3.0/mlflow/traces/";
    protected const string Json = "application/json";

    private WireMockServer _server = null!;

    protected WireMockServer Server => _server;

    [OneTimeSetUp]
    public void StartServer() => _server = WireMockServer.Start();

    [SetUp]
    public void ResetServer() => _server.Reset();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    private protected static CapturedExchange Captured(string file, string method, string path, string? name = null, int status = 0)
    {
        var version = file.Split('/')[0];
        var all = file.EndsWith(".jsonl", StringComparison.Ordinal) ? FixtureTraffic.PythonClient(version) : FixtureTraffic.RestCaptures(version);
        return all.First(e => e.Method == method && e.Path == path && (status == 0 || e.Status == status)
            && (name is null || e.RequestBody.Contains($"\"{name}\"", StringComparison.Ordinal)));
    }

    protected void Answer(
        string method, string path, int status, string contentType, string body,
        JsonPartialMatcher? bodyMatcher = null, (string Key, string Value)? param = null, int priority = 10)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (bodyMatcher is not null)
        {
            request = request.WithBody(bodyMatcher);
        }

        if (param is { } p)
        {
            request = request.WithParam(p.Key, p.Value);
        }

        _server.Given(request).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
    }

    protected string[] Sent() =>
        _server.LogEntries.Select(e => e.RequestMessage.Method + " " + new Uri(e.RequestMessage.AbsoluteUrl).PathAndQuery).ToArray();
}
