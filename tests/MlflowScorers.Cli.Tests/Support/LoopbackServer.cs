using System.Net;
using System.Net.Sockets;
using WireMock.Server;
using WireMock.Settings;

namespace MlflowScorers.Cli.Tests.Support;

/// <summary>Starts WireMock on 127.0.0.1 only.</summary>
public static class LoopbackServer
{
    /// <summary>A WireMock server on a free loopback port.</summary>
    public static WireMockServer Start() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });

    /// <summary>The server's base address on 127.0.0.1, without a trailing slash.</summary>
    public static string Address(WireMockServer server) => $"http://127.0.0.1:{server.Port}";

    /// <summary>A loopback port nothing listens on (taken and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
