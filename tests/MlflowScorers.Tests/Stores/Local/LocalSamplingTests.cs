using System;
using System.Net;
using System.Threading.Tasks;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Sampling configs: in an experiment tag on MLflow 3.6 files, in <c>online_scoring_configs</c> on MLflow 3.11 files.</summary>
[TestFixture(false)]
[TestFixture(true)]
public class LocalSamplingTests(bool mlflow311)
{
    private TempDatabase _database = null!;
    private LocalScorerStore _store = null!;
    private string _experimentId = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = mlflow311 ? TempDatabase.FromMlflow311Schema() : TempDatabase.New();
        _store = _database.OpenStore();
        _experimentId = await _store.CreateExperimentAsync("sampling", default);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task A_config_is_stored_read_back_and_replaced_whole()
    {
        var safety = await _store.RegisterScorerAsync(_experimentId, "safety", "{}", default);
        var other = await _store.RegisterScorerAsync(_experimentId, "other", "{}", default);

        var stored = await _store.SetSamplingAsync(_experimentId, "safety", new StoredSampling(0.5, "tags.env = 'prod'"), default);
        var replaced = await _store.SetSamplingAsync(_experimentId, "safety", new StoredSampling(0.25, null), default);
        var read = await _store.GetSamplingAsync(_experimentId, [safety, other], default);

        stored.Should().Be(new StoredSampling(0.5, "tags.env = 'prod'"));
        replaced.Should().Be(new StoredSampling(0.25, null));
        read.Should().BeEquivalentTo(new System.Collections.Generic.Dictionary<string, StoredSampling>
        {
            ["safety"] = new(0.25, null),
        });
    }

    [Test]
    public async Task The_config_lives_where_that_MLflow_version_keeps_it()
    {
        var safety = await _store.RegisterScorerAsync(_experimentId, "safety", "{}", default);

        await _store.SetSamplingAsync(_experimentId, "safety", new StoredSampling(0.75, "status = 'OK'"), default);

        if (mlflow311)
        {
            _database.Scalar("SELECT count(*) FROM online_scoring_configs").Should().Be(1L);
            ((string)_database.Scalar("SELECT online_scoring_config_id FROM online_scoring_configs")!).Should().MatchRegex("^[0-9a-f]{32}$");
            _database.Scalar("SELECT experiment_id || ' ' || sample_rate || ' ' || filter_string FROM online_scoring_configs")
                .Should().Be($"{_experimentId} 0.75 status = 'OK'");
        }
        else
        {
            var experiment = await _store.GetExperimentAsync(_experimentId, default);
            experiment.Tags.Should().Equal(new System.Collections.Generic.Dictionary<string, string>
            {
                ["mlflowscorers.online_config." + safety.ScorerId] = "{\"sample_rate\":0.75,\"filter_string\":\"status = \\u0027OK\\u0027\"}",
            });
        }
    }

    [Test]
    public async Task Deleting_every_version_removes_the_config_and_deleting_one_keeps_it()
    {
        await _store.RegisterScorerAsync(_experimentId, "safety", "a", default);
        await _store.RegisterScorerAsync(_experimentId, "safety", "b", default);
        await _store.SetSamplingAsync(_experimentId, "safety", new StoredSampling(1.0, null), default);

        await _store.DeleteScorerAsync(_experimentId, "safety", 1, default);
        var latest = await _store.GetScorerAsync(_experimentId, "safety", null, default);
        (await _store.GetSamplingAsync(_experimentId, [latest], default)).Should().ContainKey("safety");

        await _store.DeleteScorerAsync(_experimentId, "safety", null, default);
        var again = await _store.RegisterScorerAsync(_experimentId, "safety", "c", default);

        (await _store.GetSamplingAsync(_experimentId, [again], default)).Should().BeEmpty();
        (await _store.GetExperimentAsync(_experimentId, default)).Tags.Should().BeEmpty();
        if (mlflow311)
        {
            _database.Scalar("SELECT count(*) FROM online_scoring_configs").Should().Be(0L);
        }
    }

    [Test]
    public async Task A_config_for_an_unknown_scorer_is_not_found()
    {
        var act = () => _store.SetSamplingAsync(_experimentId, "nope", new StoredSampling(0.5, null), default);

        await act.ShouldBeNotFoundAsync($"Scorer with name 'nope' not found for experiment {_experimentId}.");
    }

    [TestCase(1.5, "sample_rate must be between 0.0 and 1.0, got 1.5")]
    [TestCase(-0.1, "sample_rate must be between 0.0 and 1.0, got -0.1")]
    [TestCase(2.0, "sample_rate must be between 0.0 and 1.0, got 2.0")]
    [TestCase(double.NaN, "sample_rate must be between 0.0 and 1.0, got NaN")]
    public async Task A_rate_outside_0_to_1_is_refused_as_MLflow_311_refuses_it(double rate, string message)
    {
        await _store.RegisterScorerAsync(_experimentId, "safety", "{}", default);

        var act = () => _store.SetSamplingAsync(_experimentId, "safety", new StoredSampling(rate, null), default);

        await act.ShouldFailWithAsync(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
    }

    [Test]
    public async Task The_capabilities_name_the_version_of_the_file()
    {
        var capabilities = await _store.GetCapabilitiesAsync(default);

        capabilities.MlflowVersion.Should().Be(mlflow311 ? new Version(3, 11) : new Version(3, 6));
        capabilities.SupportsServerSampling.Should().BeTrue();
        capabilities.RequiresGatewayModelToStart.Should().BeFalse();
        capabilities.AcceptsPythonFunctions.Should().BeFalse();
    }
}
