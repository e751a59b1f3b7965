using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

public class LocalSchemaTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Test]
    public async Task A_new_file_has_exactly_the_tables_columns_and_indexes_of_a_real_MLflow_36_database()
    {
        using var created = TempDatabase.New();
        using var fixture = TempDatabase.CopyOfMlflow36();
        await using (var store = created.OpenStore())
        {
            await store.GetCapabilitiesAsync(default);
        }

        using var createdConnection = created.Open();
        using var fixtureConnection = fixture.Open();
        var expected = SchemaDescription.Of(fixtureConnection);
        expected.Should().Contain("table scorers").And.Contain("table spans").And.HaveCountGreaterThan(300);
        SchemaDescription.Of(createdConnection).Should().Equal(expected);
    }

    [Test]
    public async Task A_new_file_gets_the_36_alembic_revision_and_the_Default_experiment_as_MLflow_fills_it()
    {
        using var database = TempDatabase.New();
        await using var store = database.OpenStore(new FakeTimeProvider(s_now));

        var capabilities = await store.GetCapabilitiesAsync(default);
        var experiment = await store.GetExperimentAsync("0", default);

        database.Scalar("SELECT group_concat(version_num) FROM alembic_version").Should().Be("1b5f0d9ad7c1");
        database.Scalar("SELECT workspace FROM experiments WHERE experiment_id = 0").Should().Be("default");
        experiment.Should().BeEquivalentTo(new Experiment
        {
            ExperimentId = "0",
            Name = "Default",
            ArtifactLocation = "mlflow-artifacts:/0",
            LifecycleStage = "active",
            CreationTime = s_now,
            LastUpdateTime = s_now,
        });
        capabilities.Should().Be(new StoreCapabilities(
            BackendKind.Local, $"local MLflow database {database.Path}", new Version(3, 6), true, false, false));
    }

    [Test]
    public async Task An_existing_MLflow_36_file_is_used_as_it_is()
    {
        using var database = TempDatabase.CopyOfMlflow36();
        await using var store = database.OpenStore();

        var capabilities = await store.GetCapabilitiesAsync(default);

        capabilities.MlflowVersion.Should().Be(new Version(3, 6));
        database.Scalar("SELECT count(*) FROM experiments").Should().Be(5L);
        database.Scalar("SELECT count(*) FROM scorer_versions").Should().Be(35L);
    }

    [Test]
    public async Task An_MLflow_311_file_reports_311()
    {
        using var database = TempDatabase.FromMlflow311Schema();
        await using var store = database.OpenStore();

        var capabilities = await store.GetCapabilitiesAsync(default);

        capabilities.MlflowVersion.Should().Be(new Version(3, 11));
        capabilities.SupportsServerSampling.Should().BeTrue();
    }

    [Test]
    public async Task A_file_with_an_unknown_alembic_revision_is_refused_and_left_alone()
    {
        using var database = TempDatabase.CopyOfMlflow36();
        database.Execute("UPDATE alembic_version SET version_num = 'abc123'");
        await using var store = database.OpenStore();

        var act = () => store.ListScorersAsync("1", default);

        (await act.Should().ThrowAsync<MlflowException>())
            .WithMessage($"*{database.Path}*'abc123'*1b5f0d9ad7c1*7d34483879f0*");
        database.Scalar("SELECT version_num FROM alembic_version").Should().Be("abc123");
    }

    [Test]
    public async Task A_SQLite_file_that_is_not_an_MLflow_database_is_refused()
    {
        using var database = TempDatabase.New();
        database.Execute("CREATE TABLE other (x INTEGER)");
        await using var store = database.OpenStore();

        var act = () => store.GetCapabilitiesAsync(default);

        (await act.Should().ThrowAsync<MlflowException>()).WithMessage("*not an MLflow tracking database*alembic_version*");
        database.Scalar("SELECT count(*) FROM sqlite_master").Should().Be(1L);
    }
}
