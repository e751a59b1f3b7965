using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Transport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using MlflowScorers.Tests.Support;
using WireMock.Server;

namespace MlflowScorers.Tests.Transport;

/// <summary>
/// Credentials reach the server on every attempt and never leak. The plain-http rule is checked when the credentials are
/// configured (see <c>Configuration/CredentialRuleTests</c>).
/// </summary>
public sealed class AuthenticationTests : WireMockFixture
{
    private const string Token = "dapi-SECRET-token-0123456789";
    private const string Password = "pa55-SECRET-word";
    private const string Path = "/api/3.0/mlflow/scorers/list";

    [Test]
    public async Task Bearer_EveryAttempt_CarriesToken()
    {
        Server.Given(Request.Create().WithPath(Path)).InScenario("s").WillSetStateTo("ok").RespondWith(Response.Create().WithStatusCode(503));
        Server.Given(Request.Create().WithPath(Path)).InScenario("s").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        using var client = new TransportTestClient(Server.Url!, TransportTestClient.ZeroDelay(2), authenticator: new BearerTokenAuthenticator(Token));

        await client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        Server.LogEntries.Should().HaveCount(2);
        Server.LogEntries.Select(e => e.RequestMessage.Headers!["Authorization"].Single()).Should().AllBe("Bearer " + Token);
    }

    [Test]
    public async Task Basic_SendsEncodedCredentials()
    {
        Server.Given(Request.Create().WithPath(Path))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        using var client = new TransportTestClient(Server.Url!, authenticator: new BasicAuthenticator("alice", Password));

        await client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        Server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single()
            .Should().Be("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:" + Password)));
    }

    [TestCase(401, "application/json", "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"Invalid credentials\"}")]
    [TestCase(403, "text/html", "<html><h1>Forbidden</h1></html>")]
    [TestCase(500, "text/html", "<html><h1>Internal Server Error</h1></html>")]
    public async Task Failure_WithCredentials_NeverShowsThem(int status, string contentType, string body)
    {
        Server.Given(Request.Create().WithPath(Path))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
        var basic = new BasicAuthenticator("alice", Password);
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:" + Password));
        foreach (var authenticator in new IRequestAuthenticator[] { new BearerTokenAuthenticator(Token), basic })
        {
            using var client = new TransportTestClient(Server.Url!, authenticator: authenticator);

            var act = () => client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

            var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
            error.ToString().Should().NotContain(Token).And.NotContain(Password).And.NotContain(encoded);
            (error.ResponseContent ?? string.Empty).Should().NotContain(Token).And.NotContain(encoded);
            authenticator.ToString().Should().NotContain(Token).And.NotContain(Password).And.NotContain(encoded);
        }
    }

    [TestCase("https://mlflow.example.com")]
    [TestCase("http://localhost:5000")]
    [TestCase("http://127.0.0.1:5000")]
    [TestCase("http://[::1]:5000")]
    public async Task HttpsOrLoopback_WithCredentials_Sent(string url)
    {
        var innermost = new RecordingHandler();
        using var client = new TransportTestClient(url, authenticator: new BearerTokenAuthenticator(Token), innermost: innermost);

        await client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        innermost.Requests.Should().ContainSingle().Which.Headers.Authorization!.Parameter.Should().Be(Token);
    }

    [Test]
    public async Task PlainHttpToRemoteHost_WithoutCredentials_Sent()
    {
        var innermost = new RecordingHandler();
        using var client = new TransportTestClient("http://mlflow.example.com:5000", innermost: innermost);

        await client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        innermost.Requests.Should().ContainSingle().Which.Headers.Authorization.Should().BeNull();
    }
}
