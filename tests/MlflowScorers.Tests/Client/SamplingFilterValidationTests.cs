using System.Threading.Tasks;
using MlflowScorers.Tests.Stores.Local;

namespace MlflowScorers.Tests.Client;

/// <summary>StartAsync and UpdateAsync check the filter against MLflow's grammar before any I/O, exactly as a search does.</summary>
public sealed class SamplingFilterValidationTests
{
    private const string BrokenFilter = "tags.env = ";

    [Test]
    public async Task StartAsync_FilterOutsideTheGrammar_RefusedBeforeAnythingIsStored()
    {
        using var database = TempDatabase.New();
        await using var client = Client(database);
        var registered = await client.RegisterAsync(new Safety());

        var act = () => client.StartAsync(registered, new ScorerSamplingConfig(0.5, BrokenFilter));

        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Be("Invalid clause(s) in filter string: 'tags.env', '='");
        (await client.GetScorerAsync("safety")).Status.Should().Be(ScorerStatus.Stopped);
    }

    [Test]
    public async Task UpdateAsync_FilterOutsideTheGrammar_RefusedBeforeAnythingIsStored()
    {
        using var database = TempDatabase.New();
        await using var client = Client(database);
        var started = await client.StartAsync(await client.RegisterAsync(new Safety()), new ScorerSamplingConfig(0.5, "tags.env = 'prod'"));

        var act = () => client.UpdateAsync(started, new ScorerSamplingConfig(null, BrokenFilter));

        (await act.Should().ThrowExactlyAsync<MlflowException>()).Which.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        (await client.GetScorerAsync("safety")).SamplingConfig!.FilterString.Should().Be("tags.env = 'prod'");
    }

    private static MlflowClient Client(TempDatabase database) =>
        new(new MlflowClientOptions { TrackingUri = "sqlite:///" + database.Path, ReadEnvironment = false });
}
