using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// Replays every trace and assessment exchange captured from real MLflow 3.6 and 3.11 servers. Where the Python client made
/// the call, the store must send the same method, path, query and body (parsed JSON); where curl made it, the same method and
/// path, with curl's query and body fields among the store's. The real responses must read into the expected models.
/// </summary>
public sealed class MlflowServerTraceReplayTests
{
    private static readonly Lazy<Dictionary<string, TraceReplayCase>> s_cases = new(() =>
        FixtureTraffic.Versions
            .SelectMany(v => new[] { FixtureTraffic.PythonClient(v), FixtureTraffic.RestCaptures(v) })
            .SelectMany(all => all.Select((_, i) => TraceReplayCase.TryCreate(all, i)))
            .OfType<TraceReplayCase>()
            .ToDictionary(c => c.Primary.Source));

    private WireMockServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = WireMockServer.Start();

    [SetUp]
    public void ResetServer() => _server.Reset();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    public static IEnumerable<TestCaseData> Cases() =>
        s_cases.Value.Values.Select(c => new TestCaseData(c.Primary.Source).SetArgDisplayNames(c.ToString()));

    [Test]
    public void Fixtures_EachVersion_ReplayEveryTraceAndAssessmentOperation()
    {
        foreach (var version in FixtureTraffic.Versions)
        {
            var replayed = s_cases.Value.Values.Where(c => c.Primary.Source.StartsWith(version + "/", StringComparison.Ordinal))
                .Select(c => c.Primary.Method + " " + Shape(c.Primary.Path)).ToHashSet();
            replayed.Should().Contain(
            [
                "POST /api/3.0/mlflow/traces/search", "GET /api/3.0/mlflow/traces/batchGet", "GET /api/3.0/mlflow/traces/{id}",
                "POST /api/3.0/mlflow/traces/{id}/assessments", "GET /api/3.0/mlflow/traces/{id}/assessments/{id}",
            ], version);
        }

        s_cases.Value.Values.Select(c => c.Primary.Method + " " + Shape(c.Primary.Path)).Should().Contain(
            ["GET /api/3.0/mlflow/traces/get", "PATCH /api/3.0/mlflow/traces/{id}/assessments/{id}", "DELETE /api/3.0/mlflow/traces/{id}/assessments/{id}"]);
        s_cases.Value.Keys.Should().HaveCount(30, "every search, get, batchGet and assessment exchange of the four files is replayed");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Store_CapturedTraceExchange_SendsSameRequestsAndReadsResponse(string source)
    {
        var replay = s_cases.Value[source];
        foreach (var ex in replay.Exchanges)
        {
            _server.Given(Request.Create().WithPath(ex.Path).UsingMethod(ex.Method))
                .RespondWith(Response.Create().WithStatusCode(ex.Status).WithHeader("Content-Type", ex.ContentType).WithBody(ex.ResponseBody));
        }

        _server.Given(Request.Create().WithPath("/*").UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/html; charset=utf-8")
                .WithBody(TraceReplayCase.HtmlNotFound));
        using var test = new TestStore(_server.Url!, timeProvider: new FakeTimeProvider(replay.Now));

        object? result = null;
        Exception? error = null;
        try
        {
            result = await replay.Invoke(test.Store);
        }
        catch (MlflowException caught)
        {
            error = caught;
        }

        var sent = _server.LogEntries.Select(e => e.RequestMessage).ToList();
        sent.Select(m => m.Method + " " + new Uri(m.AbsoluteUrl).AbsolutePath)
            .Should().Equal(replay.Exchanges.Select(e => e.Method + " " + e.Path));
        foreach (var (message, ex) in sent.Zip(replay.Exchanges))
        {
            var pathAndQuery = new Uri(message.AbsoluteUrl).PathAndQuery;
            if (IsCurl(ex))
            {
                var query = new CapturedExchange("sent", message.Method, pathAndQuery, string.Empty, 0, string.Empty, string.Empty).Query;
                ex.Query.Except(query).Should().BeEmpty("curl's query parameters must be among the store's");
                if (!string.IsNullOrEmpty(ex.RequestBody))
                {
                    IsSubset(JsonNode.Parse(ex.RequestBody), JsonNode.Parse(message.Body!))
                        .Should().BeTrue($"the store sent {message.Body} and curl {ex.RequestBody}");
                }
            }
            else
            {
                pathAndQuery.Should().Be(ex.PathAndQuery);
                if (string.IsNullOrEmpty(ex.RequestBody))
                {
                    message.Body.Should().BeNullOrEmpty();
                }
                else
                {
                    JsonEquivalence.AreEquivalent(message.Body!, ex.RequestBody).Should().BeTrue($"the SDK sent {message.Body} and Python {ex.RequestBody}");
                }
            }
        }

        replay.Check(result, error);
    }

    private static bool IsCurl(CapturedExchange ex) => ex.Source.Contains("rest-captures", StringComparison.Ordinal);

    private static string Shape(string path) => string.Join('/', path.Split('/').Select(
        (segment, i) => i > 4 && (segment.StartsWith("tr-", StringComparison.Ordinal) || segment.StartsWith("a-", StringComparison.Ordinal)) ? "{id}" : segment));

    private static bool IsSubset(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (JsonObject e, JsonObject a) => e.All(kv => a.TryGetPropertyValue(kv.Key, out var value) && IsSubset(kv.Value, value)),
        _ => JsonEquivalence.AreEquivalent(expected, actual),
    };
}
