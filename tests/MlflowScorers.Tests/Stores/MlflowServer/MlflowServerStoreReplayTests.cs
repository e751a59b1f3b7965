using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// Replays every scorer, online-config and experiment exchange captured from real MLflow 3.6 and 3.11 servers: the store
/// must send the same method, path, query and body (compared as parsed JSON), and make the right thing of the real
/// response, errors included.
/// </summary>
public sealed class MlflowServerStoreReplayTests : WireMockFixture
{

    public static IEnumerable<TestCaseData> PythonClientCases() => Cases(FixtureTraffic.PythonClient);

    public static IEnumerable<TestCaseData> RestCaptureCases() => Cases(FixtureTraffic.RestCaptures);

    [Test]
    public void Fixtures_EachVersion_HasReplayableCasesOfEveryEndpoint()
    {
        foreach (var version in FixtureTraffic.Versions)
        {
            var paths = FixtureTraffic.PythonClient(version).Concat(FixtureTraffic.RestCaptures(version))
                .Select(ReplayCase.TryCreate).OfType<ReplayCase>().Select(c => c.Exchange.Method + " " + c.Exchange.Path).ToHashSet();
            paths.Should().Contain(
            [
                "POST /api/3.0/mlflow/scorers/register", "GET /api/3.0/mlflow/scorers/list", "GET /api/3.0/mlflow/scorers/versions",
                "GET /api/3.0/mlflow/scorers/get", "DELETE /api/3.0/mlflow/scorers/delete", "GET /api/2.0/mlflow/experiments/get-by-name",
                "POST /api/2.0/mlflow/experiments/create",
            ], version);
        }

        FixtureTraffic.PythonClient("mlflow-3.11").Select(ReplayCase.TryCreate).OfType<ReplayCase>()
            .Select(c => c.Exchange.Method + " " + c.Exchange.Path)
            .Should().Contain(["PUT /api/3.0/mlflow/scorers/online-config", "GET /api/3.0/mlflow/scorers/online-configs"]);
    }

    [TestCaseSource(nameof(PythonClientCases))]
    public Task Store_PythonClientExchange_SendsSameRequestAndReadsResponse(string source) => ReplayAsync(s_cases.Value[source]);

    [TestCaseSource(nameof(RestCaptureCases))]
    public Task Store_RestCaptureExchange_SendsSameRequestAndReadsResponse(string source) => ReplayAsync(s_cases.Value[source]);

    public static IEnumerable<TestCaseData> NameListCases() =>
        Cases(v => [.. FixtureTraffic.PythonClient(v), .. FixtureTraffic.RestCaptures(v)], ReplayCase.TryCreateNameList);

    [TestCaseSource(nameof(NameListCases))]
    public Task Store_ListExchangeReadForNamesOnly_SendsSameRequestAndReadsNames(string source) => ReplayAsync(s_nameListCases.Value[source]);

    private static readonly Lazy<Dictionary<string, ReplayCase>> s_cases = new(() => AllCases(ReplayCase.TryCreate));

    private static readonly Lazy<Dictionary<string, ReplayCase>> s_nameListCases = new(() => AllCases(ReplayCase.TryCreateNameList));

    private static Dictionary<string, ReplayCase> AllCases(Func<CapturedExchange, ReplayCase?> create) =>
        FixtureTraffic.Versions
            .SelectMany(v => FixtureTraffic.PythonClient(v).Concat(FixtureTraffic.RestCaptures(v)))
            .Select(create)
            .OfType<ReplayCase>()
            .ToDictionary(c => c.Exchange.Source);

    private static IEnumerable<TestCaseData> Cases(
        Func<string, IReadOnlyList<CapturedExchange>> load, Func<CapturedExchange, ReplayCase?>? create = null) =>
        FixtureTraffic.Versions
            .SelectMany(load)
            .Select(create ?? ReplayCase.TryCreate)
            .OfType<ReplayCase>()
            .Select(c => new TestCaseData(c.Exchange.Source).SetArgDisplayNames(c.ToString()));

    private async Task ReplayAsync(ReplayCase replay)
    {
        var ex = replay.Exchange;
        Server.Given(Request.Create().WithPath("/*").UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(ex.Status).WithHeader("Content-Type", ex.ContentType).WithBody(ex.ResponseBody));
        using var test = new TestStore(Server.Url!);

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

        var sent = Server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        sent.Method.Should().Be(ex.Method);
        new Uri(sent.AbsoluteUrl).PathAndQuery.Should().Be(ex.PathAndQuery);
        if (string.IsNullOrEmpty(ex.RequestBody))
        {
            sent.Body.Should().BeNullOrEmpty();
        }
        else
        {
            JsonEquivalence.AreEquivalent(sent.Body!, ex.RequestBody).Should().BeTrue($"the SDK sent {sent.Body} and Python {ex.RequestBody}");
            sent.Headers!["Content-Type"].Single().Should().StartWith("application/json");
        }

        if (ex.Status == 200)
        {
            error.Should().BeNull();
            replay.CheckSuccess(result, JsonNode.Parse(ex.ResponseBody)!);
        }
        else if (ex.Status == 404 && ex.Path.EndsWith("/get-by-name", StringComparison.Ordinal))
        {
            error.Should().BeNull();
            result.Should().BeNull();
        }
        else
        {
            var api = error.Should().BeOfType<MlflowApiException>().Subject;
            api.StatusCode.Should().Be((HttpStatusCode)ex.Status);
            if (ex.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                var envelope = JsonNode.Parse(ex.ResponseBody)!;
                api.ErrorCode.Should().Be(new MlflowErrorCode((string)envelope["error_code"]!));
                api.Message.Should().Be((string?)envelope["message"]);
            }
            else
            {
                api.ErrorCode.Should().Be(MlflowErrorCode.FromHttpStatus(ex.Status));
            }
        }
    }
}
