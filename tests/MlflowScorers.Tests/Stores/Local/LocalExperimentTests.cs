using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

public class LocalExperimentTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private TempDatabase _database = null!;
    private LocalScorerStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _database = TempDatabase.New();
        _store = _database.OpenStore(new FakeTimeProvider(s_now));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task A_created_experiment_takes_the_next_id_and_MLflow_s_shape()
    {
        var first = await _store.CreateExperimentAsync("first", default);
        var second = await _store.CreateExperimentAsync("second", default);

        first.Should().Be("1");
        second.Should().Be("2");
        (await _store.GetExperimentByNameAsync("second", default)).Should().BeEquivalentTo(new Experiment
        {
            ExperimentId = "2",
            Name = "second",
            ArtifactLocation = "mlflow-artifacts:/2",
            LifecycleStage = "active",
            CreationTime = s_now,
            LastUpdateTime = s_now,
        });
    }

    [Test]
    public async Task A_name_that_exists_is_refused()
    {
        await _store.CreateExperimentAsync("taken", default);

        var act = () => _store.CreateExperimentAsync("taken", default);

        await act.ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.ResourceAlreadyExists, "Experiment(name=taken) already exists.");
    }

    [Test]
    public async Task A_missing_experiment_is_not_found_by_id_and_null_by_name()
    {
        var act = () => _store.GetExperimentAsync("42", default);

        await act.ShouldBeNotFoundAsync("No Experiment with id=42 exists");
        (await _store.GetExperimentByNameAsync("missing", default)).Should().BeNull();
    }

    [Test]
    public async Task Tags_are_set_replaced_and_deleted_and_deleting_a_missing_tag_is_not_an_error()
    {
        var id = await _store.CreateExperimentAsync("tags", default);

        await _store.SetExperimentTagAsync(id, "team", "a", default);
        await _store.SetExperimentTagAsync(id, "team", "b", default);
        await _store.SetExperimentTagAsync(id, "env", "prod", default);
        (await _store.GetExperimentAsync(id, default)).Tags.Should().Equal(
            new System.Collections.Generic.Dictionary<string, string> { ["team"] = "b", ["env"] = "prod" });

        await _store.DeleteExperimentTagAsync(id, "team", default);
        await _store.DeleteExperimentTagAsync(id, "never-set", default);
        (await _store.GetExperimentAsync(id, default)).Tags.Should().Equal(
            new System.Collections.Generic.Dictionary<string, string> { ["env"] = "prod" });
    }

    [Test]
    public async Task Tags_on_missing_or_deleted_experiments_give_MLflow_s_errors()
    {
        var id = await _store.CreateExperimentAsync("gone", default);
        _database.Execute($"UPDATE experiments SET lifecycle_stage = 'deleted' WHERE experiment_id = {id}");

        await ((Func<Task>)(() => _store.SetExperimentTagAsync("77", "k", "v", default))).ShouldBeNotFoundAsync("No Experiment with id=77 exists");
        await ((Func<Task>)(() => _store.SetExperimentTagAsync(id, "k", "v", default))).ShouldFailWithAsync(
            HttpStatusCode.BadRequest,
            MlflowErrorCode.InvalidParameterValue,
            $"The experiment {id} must be in the 'active' state. Current state is deleted.");
        (await _store.GetExperimentAsync(id, default)).LifecycleStage.Should().Be("deleted");
    }
}
