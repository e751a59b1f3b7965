using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using MlflowScorers.Configuration;
using MlflowScorers.Tracing;
using OpenTelemetry.Trace;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// The exporter follows the one credential rule: no token or password over plain http to a host other than this machine,
/// refused when the tracer provider is built. The "other host" is a name this test resolves to 127.0.0.1 itself.
/// </summary>
[NonParallelizable]
public sealed class TracingCredentialTests
{
    private const string OtherHost = "mlflow.tracing.test";
    private WireMockServer _server = null!;
    private ActivitySource _source = null!;

    [SetUp]
    public void SetUp()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath("/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _source = new ActivitySource("MlflowScorers.Tests.Tracing.Credentials");
    }

    [TearDown]
    public void TearDown()
    {
        _source.Dispose();
        _server.Dispose();
    }

    [TestCase("token")]
    [TestCase("basic")]
    public void PlainHttpToAnotherHost_WithCredentials_IsRefusedWhenBuilt_NamingTheUriAndTheRule(string kind)
    {
        var uri = $"http://{OtherHost}:{_server.Port}";

        var build = () => MlflowTracing.CreateTracerProvider(o =>
        {
            Configure(o, uri);
            o.Token = kind == "token" ? "planted-token" : null;
            o.Username = kind == "basic" ? "alice" : null;
            o.Password = kind == "basic" ? "planted-password" : null;
        });

        var error = build.Should().Throw<MlflowException>().Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Contain(uri).And.Contain(CredentialRule.Statement)
            .And.NotContain("planted-token").And.NotContain("planted-password");
        _server.LogEntries.Should().BeEmpty();
    }

    [Test]
    public void PlainHttpToAnotherHost_WithoutCredentials_Exports_WithoutAuthorization()
    {
        using (var provider = MlflowTracing.CreateTracerProvider(o => Configure(o, $"http://{OtherHost}:{_server.Port}")))
        {
            using (_source.StartActivity("app"))
            {
            }

            provider.Shutdown().Should().BeTrue();
        }

        var request = _server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        request.Headers![MlflowOtlpExporter.ExperimentHeader].Single().Should().Be("3");
        request.Headers.Should().NotContainKey("Authorization");
    }

    private void Configure(MlflowTracingOptions options, string uri)
    {
        options.TrackingUri = uri;
        options.ExperimentId = "3";
        options.Sources.Add(_source.Name);
        options.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
        options.PrimaryHandlerFactory = () => new SocketsHttpHandler { ConnectCallback = ConnectToLoopbackAsync };
    }

    /// <summary>Every host name this handler is asked for is reached at 127.0.0.1, on the requested port.</summary>
    private static async System.Threading.Tasks.ValueTask<System.IO.Stream> ConnectToLoopbackAsync(
        SocketsHttpConnectionContext context, System.Threading.CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
