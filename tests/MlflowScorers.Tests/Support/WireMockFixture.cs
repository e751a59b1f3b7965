using System.Collections.Generic;
using System.Linq;
using WireMock.Logging;
using WireMock.Server;

namespace MlflowScorers.Tests.Support;

/// <summary>One loopback WireMock server per fixture, reset before each test (STYLE.md §2.7).</summary>
public abstract class WireMockFixture
{
    /// <summary>The fixture's server.</summary>
    protected WireMockServer Server { get; private set; } = null!;

    /// <summary>
    /// The requests one of this test's mappings answered. A request still in flight from an earlier test can reach the server
    /// after the reset and before this test's mappings; it matches none and is left out.
    /// </summary>
    protected IReadOnlyList<ILogEntry> AnsweredRequests => Server.LogEntries.Where(e => e.MappingGuid is not null).ToList();

    [OneTimeSetUp]
    public void StartServer() => Server = WireMockServer.Start();

    [SetUp]
    public void ResetServer() => Server.Reset();

    [OneTimeTearDown]
    public void StopServer() => Server.Dispose();
}
