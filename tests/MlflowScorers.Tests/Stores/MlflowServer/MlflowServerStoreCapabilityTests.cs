using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Stores.MlflowServer;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using MlflowScorers.Tests.Support;
using WireMock.Server;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>Capability detection against the real servers' answers to GET /version and the online-configs probe.</summary>
public sealed class MlflowServerStoreCapabilityTests : WireMockFixture
{

    [Test]
    public async Task GetCapabilitiesAsync_Mlflow36_NoServerSampling()
    {
        Replay(Captured("mlflow-3.6", "GET", "/version"));
        Replay(Captured("mlflow-3.6", "POST", "/api/3.0/mlflow/scorers/update"), MlflowServerPaths.OnlineConfigs);
        using var test = new TestStore(Server.Url!);

        var capabilities = await test.Store.GetCapabilitiesAsync(CancellationToken.None);

        capabilities.Should().Be(new StoreCapabilities(
            BackendKind.MlflowServer,
            $"MLflow server 3.6.1.dev0 at {Server.Url}",
            new Version(3, 6, 1),
            SupportsServerSampling: false,
            RequiresGatewayModelToStart: true,
            AcceptsPythonFunctions: false));
        ProbeRequest().Should().Be(
            MlflowServerPaths.OnlineConfigs + "?scorer_ids=" + ServerCapabilityProbe.ProbeScorerId);
    }

    [Test]
    public async Task GetCapabilitiesAsync_Mlflow311_ServerSampling()
    {
        Replay(Captured("mlflow-3.11", "GET", "/version"));
        Replay(FixtureTraffic.RestCaptures("mlflow-3.11").Last(e => e.Path == MlflowServerPaths.OnlineConfigs && e.ResponseBody == "{\"configs\": []}"));
        using var test = new TestStore(Server.Url!);

        var capabilities = await test.Store.GetCapabilitiesAsync(CancellationToken.None);

        capabilities.SupportsServerSampling.Should().BeTrue();
        capabilities.MlflowVersion.Should().Be(new Version(3, 11, 2));
        capabilities.Description.Should().Be($"MLflow server 3.11.2.dev0 at {Server.Url}");
    }

    [Test]
    public async Task GetCapabilitiesAsync_VersionRouteFails_VersionUnknownButStillProbes()
    {
        Server.Given(Request.Create().WithPath("/version")).RespondWith(Response.Create().WithStatusCode(404).WithBody("<html>no</html>"));
        Server.Given(Request.Create().WithPath(MlflowServerPaths.OnlineConfigs))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"configs\": []}"));
        using var test = new TestStore(Server.Url!);

        var capabilities = await test.Store.GetCapabilitiesAsync(CancellationToken.None);

        capabilities.MlflowVersion.Should().BeNull();
        capabilities.SupportsServerSampling.Should().BeTrue();
        capabilities.Description.Should().Contain("(unknown version)");
    }

    [Test]
    public async Task GetCapabilitiesAsync_CalledConcurrently_DetectsOnce()
    {
        Replay(Captured("mlflow-3.11", "GET", "/version"));
        Replay(FixtureTraffic.RestCaptures("mlflow-3.11").Last(e => e.Path == MlflowServerPaths.OnlineConfigs && e.Status == 200));
        using var test = new TestStore(Server.Url!);

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => test.Store.GetCapabilitiesAsync(CancellationToken.None)));

        all.Distinct().Should().ContainSingle();
        Server.LogEntries.Should().HaveCount(2);
    }

    [Test]
    public async Task GetCapabilitiesAsync_ProbeUnauthorized_Throws()
    {
        Server.Given(Request.Create().WithPath("/*"))
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json")
                .WithBody("{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"Invalid token\"}"));
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.GetCapabilitiesAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.Unauthenticated);
    }

    [Test]
    public async Task GetSamplingAsync_NoScorerIds_SendsNothing()
    {
        using var test = new TestStore(Server.Url!);

        var result = await test.Store.GetSamplingAsync(
            "1", [new StoredScorerVersion("1", "safety", 0, "{}", null, null)], CancellationToken.None);

        result.Should().BeEmpty();
        Server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public async Task SetSamplingAsync_Mlflow36_ThrowsEndpointNotFound()
    {
        Replay(Captured("mlflow-3.6", "POST", "/api/3.0/mlflow/scorers/update"), MlflowServerPaths.OnlineConfig);
        using var test = new TestStore(Server.Url!);

        var act = () => test.Store.SetSamplingAsync("1", "safety", new StoredSampling(0.5, null), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.EndpointNotFound);
        error.Message.Should().Contain("PUT /api/3.0/mlflow/scorers/online-config").And.Contain("404").And.NotContain("<");
    }

    private static CapturedExchange Captured(string version, string method, string path) =>
        FixtureTraffic.RestCaptures(version).First(e => e.Method == method && e.PathAndQuery == path);

    private void Replay(CapturedExchange exchange, string? path = null) =>
        Server.Given(Request.Create().WithPath(path ?? exchange.Path))
            .RespondWith(Response.Create().WithStatusCode(exchange.Status).WithHeader("Content-Type", exchange.ContentType)
                .WithBody(exchange.ResponseBody));

    private string ProbeRequest() =>
        Server.LogEntries.Select(e => new Uri(e.RequestMessage.AbsoluteUrl).PathAndQuery)
            .Single(p => p.StartsWith(MlflowServerPaths.OnlineConfigs, StringComparison.Ordinal));
}
