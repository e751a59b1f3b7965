using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Client;

/// <summary>
/// Lifecycle calls take no more round trips, one after the other, than MLflow's Python client needs for the same outcome
/// (the fixtures' python-client-traffic: register 1, delete 1, list 1 on 3.6 and 2 on 3.11, where the online configs follow
/// the list), once the backend is known.
/// </summary>
public sealed class LifecycleRoundTripTests
{
    [TestCase(FakeServerVersion.Mlflow36, 1)]
    [TestCase(FakeServerVersion.Mlflow311, 2)]
    public async Task RegisterDeleteList_NoMoreSequentialRoundTripsThanPython(FakeServerVersion version, int pythonListRounds)
    {
        using var server = FakeMlflowServer.Start(version);
        using var counter = new RoundCountingHandler(new SocketsHttpHandler());
        await using var client = Client(server.Url, counter);
        await client.GetBackendInfoAsync();
        var other = await client.RegisterAsync(new Safety { Model = "gateway:/fake-judge" }, name: "other");

        counter.Reset();
        var registered = await client.RegisterAsync(new Safety { Model = "gateway:/fake-judge" });
        var (registerRounds, registerRequests) = (counter.Rounds, counter.Requests);

        counter.Reset();
        await foreach (var unused in client.ListScorersAsync())
        {
        }

        var listRounds = counter.Rounds;

        counter.Reset();
        await client.DeleteAsync(registered);
        var (deleteRounds, deleteRequests) = (counter.Rounds, counter.Requests);

        registerRounds.Should().Be(1, "the registration and the reads that check its rules are sent together: {0}", string.Join(", ", registerRequests));
        registerRequests.Should().Contain("POST /api/3.0/mlflow/scorers/register");
        deleteRounds.Should().Be(1);
        deleteRequests.Should().Equal("DELETE /api/3.0/mlflow/scorers/delete");
        listRounds.Should().BeLessThanOrEqualTo(pythonListRounds);
        other.Version.Should().Be(1);
    }

    [Test]
    public async Task Register_NameOfAHostedScorer_UndoesExactlyTheVersionWritten()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        using var counter = new RoundCountingHandler(new SocketsHttpHandler());
        await using var client = Client(server.Url, counter);
        await client.RegisterAsync(new CodeScorer { Name = "taken" });

        var act = () => client.RegisterAsync(new Safety { Model = "gateway:/fake-judge" }, name: "taken");

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("already registered as a .NET-hosted scorer");
        counter.Requests.Should().Contain("DELETE /api/3.0/mlflow/scorers/delete");
        var scorers = await client.ListScorersAsync().ToListAsync();
        scorers.Should().ContainSingle(s => s.Name == "taken").Which.Host.Should().Be(ScorerHost.DotNet);
    }

    private static MlflowClient Client(string url, HttpMessageHandler innermost)
    {
        var settings = ClientSettings.Resolve(
            new MlflowClientOptions { TrackingUri = url, ExperimentId = "0", Retry = { MaxRetries = 0 } }, null, EnvironmentReader.None);
        var address = settings.Connection.ServerAddress!;
        var http = MlflowHttpPipeline.CreateHttpClient(ScorerStoreFactory.TransportSettings(settings, address), innermost);
        return new MlflowClient(settings, new MlflowServerStore(new MlflowRestClient(http, address), settings.TimeProvider));
    }
}
