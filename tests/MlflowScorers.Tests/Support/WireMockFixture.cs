using WireMock.Server;

namespace MlflowScorers.Tests.Support;

/// <summary>One loopback WireMock server per fixture, reset before each test (STYLE.md §2.7).</summary>
public abstract class WireMockFixture
{
    /// <summary>The fixture's server.</summary>
    protected WireMockServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartServer() => Server = WireMockServer.Start();

    [SetUp]
    public void ResetServer() => Server.Reset();

    [OneTimeTearDown]
    public void StopServer() => Server.Dispose();
}
