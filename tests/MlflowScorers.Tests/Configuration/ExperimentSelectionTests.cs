using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Tests.Configuration;

/// <summary>An id and a name configured together must name the same experiment, as MLflow requires of its variables.</summary>
public sealed class ExperimentSelectionTests
{
    private string _file = null!;

    [SetUp]
    public void CreateFile() => _file = Path.Combine(Path.GetTempPath(), $"mlflow-scorers-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Test]
    public async Task GetActiveExperimentId_IdAndNameOfDifferentExperiments_ThrowsNamingBoth()
    {
        string otherId;
        await using (var setup = Client(null, null))
        {
            await setup.CreateExperimentAsync("wanted");
            otherId = await setup.CreateExperimentAsync("other");
        }

        await using var client = Client(otherId, "wanted");

        var act = () => client.GetActiveExperimentIdAsync();

        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Contain($"ExperimentId '{otherId}'").And.Contain("ExperimentName 'wanted'").And.Contain("'other'");
    }

    [Test]
    public async Task GetActiveExperimentId_IdAndNameOfTheSameExperiment_ReturnsTheId()
    {
        string id;
        await using (var setup = Client(null, null))
        {
            id = await setup.CreateExperimentAsync("wanted");
        }

        await using var client = Client(id, "wanted");

        (await client.GetActiveExperimentIdAsync()).Should().Be(id);
    }

    private MlflowClient Client(string? id, string? name) => new(new MlflowClientOptions
    {
        TrackingUri = "sqlite:///" + _file, ExperimentId = id, ExperimentName = name, ReadEnvironment = false,
    });
}
