using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>The fake server against the real store, and its answers against the real servers' captured answers.</summary>
public sealed class FakeMlflowServerTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    private static string GatewayPayload(string name) =>
        "{\"name\": \"" + name + "\", \"builtin_scorer_class\": \"Guidelines\", \"builtin_scorer_pydantic_data\": {\"name\": \"" + name +
        "\", \"required_columns\": [\"outputs\", \"inputs\"], \"guidelines\": [\"Be polite.\"], \"model\": \"gateway:/fake-judge\"}}";

    private static string DefaultModelPayload(string name) =>
        "{\"name\": \"" + name + "\", \"builtin_scorer_class\": \"Guidelines\", \"builtin_scorer_pydantic_data\": {\"name\": \"" + name +
        "\", \"guidelines\": [\"Be polite.\"], \"model\": null}}";

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task Registry_FullLifecycle_BehavesLikeMlflow(FakeServerVersion version)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url);
        var store = test.Store;

        (await store.GetExperimentByNameAsync("exp", s_none)).Should().BeNull();
        var experimentId = await store.CreateExperimentAsync("exp", s_none);
        (await store.GetExperimentByNameAsync("exp", s_none))!.ExperimentId.Should().Be(experimentId);
        var v1 = await store.RegisterScorerAsync(experimentId, "politeness", GatewayPayload("politeness"), s_none);
        var v2 = await store.RegisterScorerAsync(experimentId, "politeness", GatewayPayload("politeness"), s_none);
        await store.RegisterScorerAsync(experimentId, "alpha", GatewayPayload("alpha"), s_none);

        v1.Version.Should().Be(1);
        v2.Version.Should().Be(2);
        v2.ScorerId.Should().Be(v1.ScorerId);
        v2.CreationTime.Should().BeAfter(v1.CreationTime!.Value);
        (await store.ListScorersAsync(experimentId, s_none)).Select(s => (s.Name, s.Version)).Should().Equal(("alpha", 1), ("politeness", 2));
        (await store.ListScorerVersionsAsync(experimentId, "politeness", s_none)).Select(s => s.Version).Should().Equal(1, 2);
        (await store.GetScorerAsync(experimentId, "politeness", null, s_none)).Version.Should().Be(2);
        (await store.GetScorerAsync(experimentId, "politeness", 1, s_none)).Should().Be(v1);

        await store.DeleteScorerAsync(experimentId, "politeness", 1, s_none);
        (await store.ListScorerVersionsAsync(experimentId, "politeness", s_none)).Select(s => s.Version).Should().Equal(2);
        await store.DeleteScorerAsync(experimentId, "politeness", null, s_none);
        await store.DeleteScorerAsync(experimentId, "alpha", null, s_none);
        (await store.ListScorersAsync(experimentId, s_none)).Should().BeEmpty();

        var missing = () => store.GetScorerAsync(experimentId, "politeness", null, s_none);
        (await missing.Should().ThrowAsync<MlflowApiException>()).Which.Message
            .Should().Be($"Scorer with name 'politeness' not found for experiment {experimentId}.");
        fake.Requests.Should().Contain(new FakeRequest(
            "DELETE", "/api/3.0/mlflow/scorers/delete", $"{{\"experiment_id\":\"{experimentId}\",\"name\":\"politeness\",\"version\":1}}"));
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task ExperimentTags_SetReadDelete(FakeServerVersion version)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url);
        var id = await test.Store.CreateExperimentAsync("tags", s_none);

        await test.Store.SetExperimentTagAsync(id, "k", "v", s_none);
        (await test.Store.GetExperimentAsync(id, s_none)).Tags.Should().Equal(new System.Collections.Generic.Dictionary<string, string> { ["k"] = "v" });
        await test.Store.DeleteExperimentTagAsync(id, "k", s_none);
        (await test.Store.GetExperimentAsync(id, s_none)).Tags.Should().BeEmpty();
    }

    [Test]
    public async Task Mlflow36_NoOnlineScoring()
    {
        using var fake = FakeMlflowServer.Start(FakeServerVersion.Mlflow36);
        using var test = new TestStore(fake.Url);

        var capabilities = await test.Store.GetCapabilitiesAsync(s_none);
        var put = () => test.Store.SetSamplingAsync("0", "x", new StoredSampling(0.5, null), s_none);

        capabilities.SupportsServerSampling.Should().BeFalse();
        capabilities.MlflowVersion.Should().Be(new Version(3, 6, 1));
        (await put.Should().ThrowAsync<MlflowApiException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.EndpointNotFound);
    }

    [Test]
    public async Task Mlflow311_OnlineScoring_ReplacesConfigsAndChecksModels()
    {
        using var fake = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        using var test = new TestStore(fake.Url);
        var store = test.Store;
        var id = await store.CreateExperimentAsync("online", s_none);
        var polite = await store.RegisterScorerAsync(id, "polite", GatewayPayload("polite"), s_none);
        var plain = await store.RegisterScorerAsync(id, "plain", DefaultModelPayload("plain"), s_none);

        (await store.GetCapabilitiesAsync(s_none)).SupportsServerSampling.Should().BeTrue();
        (await store.SetSamplingAsync(id, "polite", new StoredSampling(0.5, "tags.env = 'prod'"), s_none))
            .Should().Be(new StoredSampling(0.5, "tags.env = 'prod'"));
        (await store.SetSamplingAsync(id, "polite", new StoredSampling(0.3, null), s_none)).Should().Be(new StoredSampling(0.3, null));
        var start = () => store.SetSamplingAsync(id, "plain", new StoredSampling(0.5, null), s_none);
        (await start.Should().ThrowAsync<MlflowApiException>()).Which.Message.Should().Be(
            "Scorer 'plain' does not use a gateway model. Automatic evaluation is only supported for scorers that use gateway models.");
        await store.SetSamplingAsync(id, "plain", new StoredSampling(0, null), s_none);

        var sampling = await store.GetSamplingAsync(id, [polite, plain], s_none);
        sampling.Should().BeEquivalentTo(new System.Collections.Generic.Dictionary<string, StoredSampling>
        {
            ["polite"] = new(0.3, null),
            ["plain"] = new(0, null),
        });

        await store.DeleteScorerAsync(id, "polite", null, s_none);
        (await store.GetSamplingAsync(id, [polite, plain], s_none)).Keys.Should().Equal("plain");
    }

    [TestCase(FakeServerVersion.Mlflow36, "   ", "{}", 200, null)]
    [TestCase(FakeServerVersion.Mlflow311, "   ", "{}", 400, "Scorer name cannot be empty or contain only whitespace.")]
    [TestCase(FakeServerVersion.Mlflow311, "x", "not json", 400, "serialized_scorer must be valid JSON")]
    [TestCase(FakeServerVersion.Mlflow36, "x", "not json", 200, null)]
    [TestCase(FakeServerVersion.Mlflow311, "x", "{\"name\": \"x\", \"call_source\": \"return 1\"}", 400, "Custom scorer registration (using @scorer decorator) is not supported*")]
    [TestCase(FakeServerVersion.Mlflow311, "x", "{\"builtin_scorer_pydantic_data\": {\"model\": \"gateway:/no-such-endpoint\"}}", 404, "GatewayEndpoint not found (name='no-such-endpoint')")]
    public async Task Register_ChecksLikeTheRealVersion(FakeServerVersion version, string name, string payload, int status, string? message)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url);

        var act = () => test.Store.RegisterScorerAsync("0", name, payload, s_none);

        if (status == 200)
        {
            (await act()).Version.Should().Be(1);
        }
        else
        {
            var error = (await act.Should().ThrowAsync<MlflowApiException>()).Which;
            error.StatusCode.Should().Be((HttpStatusCode)status);
            error.Message.Should().Match(message!);
        }
    }

    /// <summary>Sends captured curl requests to a fake holding the same state and compares the answers with the real ones.</summary>
    [TestCase("mlflow-3.6", FakeServerVersion.Mlflow36)]
    [TestCase("mlflow-3.11", FakeServerVersion.Mlflow311)]
    public async Task CapturedErrorRequests_SameStatusAndBodyAsRealServer(string folder, FakeServerVersion version)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url);
        var id = await test.Store.CreateExperimentAsync("scorer-rest-exp", s_none);
        id.Should().Be("1");
        await test.Store.RegisterScorerAsync(id, "politeness", GatewayPayload("politeness"), s_none);
        await test.Store.RegisterScorerAsync(id, "politeness_default_model", DefaultModelPayload("politeness_default_model"), s_none);
        using var http = new HttpClient { BaseAddress = new Uri(fake.Url) };

        var cases = FixtureTraffic.RestCaptures(folder).Where(e =>
            e.Status >= 400 && (e.Path.Contains("/scorers/", StringComparison.Ordinal) || e.Path.Contains("/experiments/get", StringComparison.Ordinal))
            && !e.RequestBody.Contains("call_source", StringComparison.Ordinal) && !e.RequestBody.Contains("ghost", StringComparison.Ordinal)
            && !e.RequestBody.Contains("\"correctness\"", StringComparison.Ordinal) && !e.RequestBody.Contains("\"filter_string\":\"this", StringComparison.Ordinal))
            .ToList();
        cases.Should().HaveCountGreaterThan(version == FakeServerVersion.Mlflow36 ? 2 : 15);

        foreach (var captured in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(captured.Method), captured.PathAndQuery);
            if (captured.RequestBody.Length > 0)
            {
                request.Content = new StringContent(captured.RequestBody, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            ((int)response.StatusCode).Should().Be(captured.Status, captured.ToString());
            response.Content.Headers.ContentType!.MediaType.Should().Be(captured.ContentType.Split(';')[0], captured.ToString());
            if (captured.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                JsonEquivalence.AreEquivalent(body, captured.ResponseBody).Should().BeTrue($"{captured}: fake {body}, real {captured.ResponseBody}");
            }
            else
            {
                body.TrimEnd().Should().Be(captured.ResponseBody.TrimEnd(), captured.ToString());
            }
        }
    }
}
