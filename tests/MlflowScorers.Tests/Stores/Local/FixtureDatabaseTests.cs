using System;
using System.Linq;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>A copy of the database a real MLflow 3.6 server wrote, read through the store. Expected values come from sqlite3.</summary>
public class FixtureDatabaseTests
{
    private static readonly string[] s_manyScorerNames =
    [
        "gx", "s_0", "s_1", "s_10", "s_11", "s_12", "s_13", "s_14", "s_2", "s_3", "s_4", "s_5", "s_6", "s_7", "s_8", "s_9",
    ];

    private TempDatabase _database = null!;

    [SetUp]
    public void SetUp() => _database = TempDatabase.CopyOfMlflow36();

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task Each_experiment_lists_the_latest_version_of_each_scorer_that_has_versions_sorted_by_name()
    {
        await using var store = _database.OpenStore();

        (await store.ListScorersAsync("0", default)).Should().BeEmpty();
        (await store.ListScorersAsync("1", default)).Select(s => (s.Name, s.Version)).Should().Equal(("politeness", 2), ("safety", 1));
        (await store.ListScorersAsync("2", default)).Select(s => (s.Name, s.Version)).Should().Equal(("politeness", 2));
        (await store.ListScorersAsync("3", default)).Select(s => s.Name).Should().Equal(s_manyScorerNames);
        (await store.ListScorersAsync("4", default)).Select(s => s.Name).Should().Equal(s_manyScorerNames);
    }

    [Test]
    public async Task A_listed_scorer_carries_its_id_time_and_payload_as_stored()
    {
        await using var store = _database.OpenStore();

        var politeness = (await store.ListScorersAsync("1", default))[0];

        politeness.ExperimentId.Should().Be("1");
        politeness.ScorerId.Should().Be("0bb74f92-58c3-4a3e-aee0-98599dab1d2d");
        politeness.CreationTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1795708524254));
        politeness.SerializedScorer.Should().StartWith("{\"name\": \"politeness\"").And.HaveLength(1042);
    }

    [Test]
    public async Task Versions_are_those_left_after_MLflow_deleted_version_1()
    {
        await using var store = _database.OpenStore();

        var versions = await store.ListScorerVersionsAsync("1", "politeness", default);

        versions.Select(v => v.Version).Should().Equal(2);
    }

    [Test]
    public async Task A_name_whose_versions_were_all_deleted_one_by_one_is_not_listed_and_has_no_latest_version()
    {
        await using var store = _database.OpenStore();

        var act = () => store.GetScorerAsync("3", "polite", null, default);

        (await act.Should().ThrowAsync<MlflowApiException>()).WithMessage("Scorer with name 'polite' not found for experiment 3.");
        (await store.ListScorerVersionsAsync("3", "polite", default)).Should().BeEmpty();
    }

    [Test]
    public async Task Registering_again_a_name_with_no_versions_keeps_its_scorer_id_and_restarts_at_version_1()
    {
        await using var store = _database.OpenStore();

        var registered = await store.RegisterScorerAsync("3", "polite", "{}", default);

        registered.Version.Should().Be(1);
        registered.ScorerId.Should().Be("909ebf24-8531-4bf5-8d66-d91ff28dfd40");
    }

    [Test]
    public async Task Experiments_are_read_as_MLflow_wrote_them()
    {
        await using var store = _database.OpenStore();

        var experiment = await store.GetExperimentAsync("1", default);
        var byName = await store.GetExperimentByNameAsync("client-exp-capture-923fd1", default);

        experiment.Name.Should().Be("scorer-rest-exp");
        experiment.ArtifactLocation.Should().Be("mlflow-artifacts:/1");
        experiment.LifecycleStage.Should().Be("active");
        experiment.CreationTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1795708522779));
        byName!.ExperimentId.Should().Be("2");
    }

    [Test]
    public async Task A_new_experiment_takes_the_next_id()
    {
        await using var store = _database.OpenStore();

        (await store.CreateExperimentAsync("from-dotnet", default)).Should().Be("5");
    }
}
