using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>The scorer registry on a new file, with MLflow's semantics (spec §7.1, §11 case 8) and errors.</summary>
public class LocalRegistryTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 4, 5, 6, 7, 8, TimeSpan.Zero);

    private TempDatabase _database = null!;
    private FakeTimeProvider _time = null!;
    private LocalScorerStore _store = null!;
    private string _experimentId = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = TempDatabase.New();
        _time = new FakeTimeProvider(s_start);
        _store = _database.OpenStore(_time);
        _experimentId = await _store.CreateExperimentAsync("registry", default);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Registering_a_new_name_adds_version_1_with_a_new_dashed_uuid_and_the_time_in_ms()
    {
        var registered = await _store.RegisterScorerAsync(_experimentId, "accuracy", "{\"name\": \"accuracy\"}", default);

        registered.Should().BeEquivalentTo(
            new StoredScorerVersion(_experimentId, "accuracy", 1, "{\"name\": \"accuracy\"}", registered.ScorerId, s_start),
            options => options.ComparingByMembers<StoredScorerVersion>());
        Guid.TryParseExact(registered.ScorerId, "D", out _).Should().BeTrue();
        _database.Scalar("SELECT creation_time FROM scorer_versions").Should().Be(s_start.ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task Registering_a_name_again_adds_the_next_version_with_the_same_scorer_id()
    {
        var first = await _store.RegisterScorerAsync(_experimentId, "accuracy", "v1", default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _store.RegisterScorerAsync(_experimentId, "accuracy", "v2", default);

        second.Version.Should().Be(2);
        second.ScorerId.Should().Be(first.ScorerId);
        second.CreationTime.Should().Be(s_start.AddSeconds(1));
    }

    [Test]
    public async Task The_MLflow_store_test_case_lists_latest_versions_by_name_and_deletes_as_MLflow_does()
    {
        foreach (var (name, count) in new[] { ("accuracy_scorer", 3), ("safety_scorer", 2), ("relevance_scorer", 1) })
        {
            for (var i = 1; i <= count; i++)
            {
                await _store.RegisterScorerAsync(_experimentId, name, $"{name} v{i}", default);
            }
        }

        var listed = await _store.ListScorersAsync(_experimentId, default);
        listed.Select(s => (s.Name, s.Version, s.SerializedScorer)).Should().Equal(
            ("accuracy_scorer", 3, "accuracy_scorer v3"), ("relevance_scorer", 1, "relevance_scorer v1"), ("safety_scorer", 2, "safety_scorer v2"));
        (await _store.ListScorerVersionsAsync(_experimentId, "accuracy_scorer", default)).Select(v => v.Version).Should().Equal(1, 2, 3);
        (await _store.GetScorerAsync(_experimentId, "accuracy_scorer", null, default)).Version.Should().Be(3);
        (await _store.GetScorerAsync(_experimentId, "accuracy_scorer", 2, default)).SerializedScorer.Should().Be("accuracy_scorer v2");

        await _store.DeleteScorerAsync(_experimentId, "accuracy_scorer", 1, default);
        var getDeleted = () => _store.GetScorerAsync(_experimentId, "accuracy_scorer", 1, default);
        await getDeleted.ShouldBeNotFoundAsync($"Scorer with name 'accuracy_scorer' and version 1 not found for experiment {_experimentId}.");
        (await _store.ListScorerVersionsAsync(_experimentId, "accuracy_scorer", default)).Select(v => v.Version).Should().Equal(2, 3);

        await _store.DeleteScorerAsync(_experimentId, "accuracy_scorer", null, default);
        (await _store.ListScorersAsync(_experimentId, default)).Select(s => s.Name).Should().Equal("relevance_scorer", "safety_scorer");
    }

    [Test]
    public async Task After_deleting_every_version_the_name_starts_again_with_a_new_scorer_id()
    {
        var old = await _store.RegisterScorerAsync(_experimentId, "safety", "a", default);
        await _store.RegisterScorerAsync(_experimentId, "safety", "b", default);

        await _store.DeleteScorerAsync(_experimentId, "safety", null, default);
        var again = await _store.RegisterScorerAsync(_experimentId, "safety", "c", default);

        again.Version.Should().Be(1);
        again.ScorerId.Should().NotBe(old.ScorerId);
        _database.Scalar("SELECT count(*) FROM scorers").Should().Be(1L);
    }

    [Test]
    public async Task An_experiment_without_scorers_lists_none()
    {
        (await _store.ListScorersAsync(_experimentId, default)).Should().BeEmpty();
    }

    [Test]
    public async Task Names_are_distinct_per_experiment()
    {
        var other = await _store.CreateExperimentAsync("other", default);
        var here = await _store.RegisterScorerAsync(_experimentId, "safety", "a", default);
        var there = await _store.RegisterScorerAsync(other, "safety", "b", default);

        there.Version.Should().Be(1);
        there.ScorerId.Should().NotBe(here.ScorerId);
        (await _store.ListScorersAsync(other, default)).Single().SerializedScorer.Should().Be("b");
    }

    [Test]
    public async Task Unknown_names_and_versions_give_MLflow_s_not_found_errors()
    {
        await _store.RegisterScorerAsync(_experimentId, "safety", "a", default);
        var id = _experimentId;

        await ((Func<Task>)(() => _store.GetScorerAsync(id, "nope", null, default)))
            .ShouldBeNotFoundAsync($"Scorer with name 'nope' not found for experiment {id}.");
        await ((Func<Task>)(() => _store.GetScorerAsync(id, "safety", 999, default)))
            .ShouldBeNotFoundAsync($"Scorer with name 'safety' and version 999 not found for experiment {id}.");
        await ((Func<Task>)(() => _store.ListScorerVersionsAsync(id, "nope", default)))
            .ShouldBeNotFoundAsync($"Scorer with name 'nope' not found for experiment {id}.");
        await ((Func<Task>)(() => _store.DeleteScorerAsync(id, "nope", null, default)))
            .ShouldBeNotFoundAsync($"Scorer with name 'nope' not found for experiment {id}.");
        await ((Func<Task>)(() => _store.DeleteScorerAsync(id, "safety", 7, default)))
            .ShouldBeNotFoundAsync($"Scorer with name 'safety' and version 7 not found for experiment {id}.");
    }

    [TestCase("999999")]
    [TestCase("not-a-number")]
    public async Task Every_scorer_operation_on_a_missing_experiment_gives_MLflow_s_error(string missing)
    {
        var message = $"No Experiment with id={missing} exists";
        var sampling = new StoredSampling(0.5, null);

        await ((Func<Task>)(() => _store.RegisterScorerAsync(missing, "x", "{}", default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.ListScorersAsync(missing, default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.ListScorerVersionsAsync(missing, "x", default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.GetScorerAsync(missing, "x", null, default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.DeleteScorerAsync(missing, "x", null, default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.SetSamplingAsync(missing, "x", sampling, default))).ShouldBeNotFoundAsync(message);
        await ((Func<Task>)(() => _store.GetSamplingAsync(missing, [], default))).ShouldBeNotFoundAsync(message);
    }

    [Test]
    public async Task Scorer_operations_on_a_deleted_experiment_are_invalid()
    {
        await _store.RegisterScorerAsync(_experimentId, "safety", "a", default);
        _database.Execute($"UPDATE experiments SET lifecycle_stage = 'deleted' WHERE experiment_id = {_experimentId}");
        var message = $"The experiment {_experimentId} must be in the 'active' state. Current state is deleted.";

        await ((Func<Task>)(() => _store.RegisterScorerAsync(_experimentId, "safety", "b", default)))
            .ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
        await ((Func<Task>)(() => _store.ListScorersAsync(_experimentId, default)))
            .ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
        await ((Func<Task>)(() => _store.DeleteScorerAsync(_experimentId, "safety", null, default)))
            .ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
        _database.Scalar("SELECT count(*) FROM scorer_versions").Should().Be(1L);
    }

    [Test]
    public async Task A_cancelled_token_cancels_before_anything_is_written()
    {
        using var cancellation = new System.Threading.CancellationTokenSource();
        await cancellation.CancelAsync();

        var act = () => _store.RegisterScorerAsync(_experimentId, "safety", "a", cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _database.Scalar("SELECT count(*) FROM scorers").Should().Be(0L);
    }

    [Test]
    public async Task A_disposed_store_refuses_work()
    {
        await _store.DisposeAsync();

        var act = () => _store.ListScorersAsync(_experimentId, default);

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }
}
