using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Tests.Stores.MlflowServer;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using MlflowScorers.Tests.Support;
using WireMock.Server;

namespace MlflowScorers.Tests.Transport;

/// <summary>Request shapes and MLflow's error model (spec §10, Errata 3, 31, 32).</summary>
public sealed class MlflowRestClientTests : WireMockFixture
{
    private const string Path = "/api/3.0/mlflow/scorers/list";

    [Test]
    public async Task GetAsync_ListAndSpecialCharacters_RepeatsKeysAndPercentEncodes()
    {
        Respond(200, "application/json", "{}");
        using var client = new TransportTestClient(Server.Url!);

        await client.Rest.GetAsync(
            Path,
            [new("scorer_ids", "a"), new("scorer_ids", "b"), new("name", "weird name/with spaces!&x=1")],
            TestJsonContext.Default.Probe,
            CancellationToken.None);

        var sent = Server.LogEntries.Single().RequestMessage;
        sent.RawQuery.Should().Be("?scorer_ids=a&scorer_ids=b&name=weird%20name%2Fwith%20spaces%21%26x%3D1");
        sent.Query!["scorer_ids"].Should().Equal("a", "b");
        sent.Query["name"].Should().Equal("weird name/with spaces!&x=1");
    }

    [TestCase("/mlflow")]
    [TestCase("/mlflow/")]
    [TestCase("/mlflow?ignored=1")]
    public async Task GetAsync_TrackingUriWithPathPrefix_SendsPathAndQueryUnderThePrefix(string prefix)
    {
        Respond(200, "application/json", "{}");
        using var client = new TransportTestClient(Server.Url! + prefix);

        await client.Rest.GetAsync("api/3.0/mlflow/scorers/get", [new("name", "é ü")], TestJsonContext.Default.Probe, CancellationToken.None);

        var sent = Server.LogEntries.Single().RequestMessage;
        sent.Path.Should().Be("/mlflow/api/3.0/mlflow/scorers/get");
        sent.RawQuery.Should().Be("?name=%C3%A9%20%C3%BC");
    }

    [Test]
    public async Task SendAsync_Delete_CarriesJsonBody()
    {
        Respond(200, "application/json", "{}");
        using var client = new TransportTestClient(Server.Url!);

        await client.Rest.SendAsync(
            HttpMethod.Delete, Path, new Probe { Name = "safety" }, TestJsonContext.Default.Probe, TestJsonContext.Default.Probe,
            nonIdempotent: false, CancellationToken.None);

        var sent = Server.LogEntries.Single().RequestMessage;
        sent.Method.Should().Be("DELETE");
        sent.Headers!["Content-Type"].Single().Should().StartWith("application/json");
        JsonEquivalence.AreEquivalent(sent.Body!, "{\"name\":\"safety\"}").Should().BeTrue();
    }

    [Test]
    public async Task GetAsync_Mlflow311ErrorEnvelope_ThrowsApiExceptionWithServerCodeAndMessage()
    {
        var captured = FixtureTraffic.RestCaptures("mlflow-3.11").First(e => e.PathAndQuery.EndsWith("name=does_not_exist", System.StringComparison.Ordinal));
        Server.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(captured.Status)
            .WithHeader("Content-Type", captured.ContentType).WithHeader("x-request-id", "req-42").WithBody(captured.ResponseBody));
        using var client = new TransportTestClient(Server.Url!);

        var act = () => client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        var error = (await act.Should().ThrowExactlyAsync<MlflowApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Be("Scorer with name 'does_not_exist' not found for experiment 1.");
        error.RequestId.Should().Be("req-42");
        error.ResponseContent.Should().Contain("RESOURCE_NOT_FOUND");
    }

    [TestCase("mlflow-3.6", "POST", "/api/3.0/mlflow/scorers/update", 404, "Not Found")]
    [TestCase("mlflow-3.11", "POST", "/api/3.0/mlflow/scorers/online-config", 405, "Method Not Allowed")]
    [TestCase("mlflow-3.11", "PUT", "/api/3.0/mlflow/scorers/online-config", 500, "Internal Server Error")]
    public async Task SendAsync_HtmlErrorPage_ThrowsApiExceptionWithStatusDerivedCode(
        string version, string method, string path, int status, string excerpt)
    {
        var captured = FixtureTraffic.RestCaptures(version).First(e => e.Method == method && e.Path == path && e.Status == status);
        Respond(status, captured.ContentType, captured.ResponseBody);
        using var client = new TransportTestClient(Server.Url!);

        var act = () => client.Rest.SendAsync(
            new HttpMethod(method), path, new Probe(), TestJsonContext.Default.Probe, TestJsonContext.Default.Probe, false, CancellationToken.None);

        var error = (await act.Should().ThrowExactlyAsync<MlflowApiException>()).Which;
        error.StatusCode.Should().Be((HttpStatusCode)status);
        error.ErrorCode.Should().Be(MlflowErrorCode.FromHttpStatus(status));
        error.Message.Should().Contain($"{method} {path}").And.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain(excerpt).And.NotContain("<h1>");
    }

    [TestCase("")]
    [TestCase(" \r\n\t ")]
    public async Task GetAsync_EmptyBodyOn200_TreatedAsEmptyObject(string body)
    {
        Respond(200, "application/json", body);
        using var client = new TransportTestClient(Server.Url!);

        var result = await client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        result.Should().Be(new Probe());
    }

    [Test]
    public async Task GetAsync_HttpClientWithoutSdkHandlers_ReadsTheUnbufferedBody()
    {
        var items = Enumerable.Range(0, 5000).Select(i => "item-" + i).ToList();
        Respond(200, "application/json", System.Text.Json.JsonSerializer.Serialize(new { items }));
        using var httpClient = new HttpClient();
        var rest = new MlflowScorers.Transport.MlflowRestClient(httpClient, new System.Uri(Server.Url!));

        var result = await rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        result.Items.Should().Equal(items);
    }

    [TestCase("{\"items\": [\"a\", ")]
    [TestCase("{\"items\": 12}")]
    [TestCase("null")]
    public async Task GetAsync_MalformedOrTruncatedJsonOn200_ThrowsClearMlflowException(string body)
    {
        Respond(200, "application/json", body);
        using var client = new TransportTestClient(Server.Url!);

        var act = () => client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        (await act.Should().ThrowExactlyAsync<MlflowException>())
            .WithMessage($"The response of GET {Path} could not be parsed*");
    }

    [Test]
    public async Task GetAsync_HtmlOn200_ThrowsNotJson()
    {
        Respond(200, "text/html; charset=utf-8", "<html>login</html>");
        using var client = new TransportTestClient(Server.Url!);

        var act = () => client.Rest.GetAsync(Path, [], TestJsonContext.Default.Probe, CancellationToken.None);

        (await act.Should().ThrowExactlyAsync<MlflowException>()).WithMessage($"GET {Path} answered 200 with text/html instead of JSON*");
    }

    [Test]
    public async Task GetTextAsync_Version_ReturnsTrimmedText()
    {
        Respond(200, "text/html; charset=utf-8", "3.11.2.dev0\n");
        using var client = new TransportTestClient(Server.Url!);

        var text = await client.Rest.GetTextAsync("/version", CancellationToken.None);

        text.Should().Be("3.11.2.dev0");
    }

    private void Respond(int status, string contentType, string body) =>
        Server.Given(Request.Create().WithPath("/*").UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
}
