using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Contract;

/// <summary>
/// One behaviour contract for <see cref="MlflowClient"/>, run unchanged against the local SQLite store and against fake
/// MLflow 3.6 and 3.11 servers. Differences between backends are only those the backends really have.
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class ScorerClientContractTests(string backend)
{
    private ContractBackend _backend = null!;

    public static IEnumerable<string> Backends => ["local", "mlflow-3.6", "mlflow-3.11", "databricks"];

    private MlflowClient Client => _backend.Client;

    private CountingStore Store => _backend.Store;

    private bool ServerCanStart => backend != "mlflow-3.6";

    /// <summary>A judge model the backend runs: Databricks runs only its own models, MLflow servers only AI Gateway ones.</summary>
    private string JudgeModel => backend == "databricks" ? "databricks:/fake-judge" : "gateway:/fake-judge";

    [SetUp]
    public async Task CreateBackend() => _backend = backend switch
    {
        "local" => await ContractBackend.LocalAsync(),
        "mlflow-3.6" => await ContractBackend.ServerAsync(FakeServerVersion.Mlflow36),
        "databricks" => await ContractBackend.DatabricksAsync(FakeDatabricksVersioning.Versioned),
        _ => await ContractBackend.ServerAsync(FakeServerVersion.Mlflow311),
    };

    [TearDown]
    public async Task DisposeBackend() => await _backend.DisposeAsync();

    [Test]
    public async Task RegisterAsync_ReturnsNewStoppedInstance_AndLeavesReceiverUnchanged()
    {
        var safety = new Safety { Model = JudgeModel };

        var registered = await Client.RegisterAsync(safety, name: "my_safety");

        registered.Should().NotBeSameAs(safety);
        registered.Name.Should().Be("my_safety");
        registered.Status.Should().Be(ScorerStatus.Stopped);
        registered.Version.Should().Be(1);
        registered.ExperimentId.Should().Be(_backend.ExperimentId);
        registered.Model.Should().Be(JudgeModel);
        safety.Name.Should().Be("safety");
        safety.Status.Should().Be(ScorerStatus.Unregistered);
        safety.Version.Should().BeNull();
    }

    [Test]
    public async Task RegisterAsync_SameNameTwice_AddsAVersion()
    {
        await Client.RegisterAsync(new Guidelines("Be polite."), name: "tone");
        var second = await Client.RegisterAsync(new Guidelines("Be very polite."), name: "tone");

        second.Version.Should().Be(2);
        var versions = await Client.ListScorerVersionsAsync("tone").ToListAsync();
        versions.Select(v => v.Version).Should().Equal(1, 2);
        versions.Cast<Guidelines>().Select(v => v.Rules[0]).Should().Equal("Be polite.", "Be very polite.");
        var latest = (Guidelines)await Client.GetScorerAsync("tone");
        latest.Rules.Should().Equal("Be very polite.");
        ((Guidelines)await Client.GetScorerAsync("tone", version: 1)).Rules.Should().Equal("Be polite.");
    }

    [Test]
    public async Task StartUpdateStop_EachReturnNewInstances_AndLeaveReceiversUnchanged()
    {
        var registered = await Client.RegisterAsync(new Safety { Model = JudgeModel });
        if (!ServerCanStart)
        {
            var act = () => Client.StartAsync(registered, new ScorerSamplingConfig(0.5));
            (await act.Should().ThrowAsync<ScorerOperationNotSupportedException>())
                .WithMessage("*MLflow server 3.6*online-scoring*ScorerHost.DotNet*");
            Store.CallsTo("SetSamplingAsync").Should().Be(0);
            return;
        }

        var started = await Client.StartAsync(registered, new ScorerSamplingConfig(0.5, "tags.env = 'prod'"));
        var updated = await Client.UpdateAsync(started, new ScorerSamplingConfig(0.8));
        var stopped = await Client.StopAsync(updated);

        registered.Status.Should().Be(ScorerStatus.Stopped);
        registered.SampleRate.Should().Be(0.0);
        started.Status.Should().Be(ScorerStatus.Started);
        started.SampleRate.Should().Be(0.5);
        started.FilterString.Should().Be("tags.env = 'prod'");
        updated.SampleRate.Should().Be(0.8);
        updated.FilterString.Should().Be("tags.env = 'prod'", "an update without a filter keeps the current one");
        stopped.Status.Should().Be(ScorerStatus.Stopped);
        stopped.SampleRate.Should().Be(0.0);
        var reloaded = await Client.GetScorerAsync("safety");
        reloaded.SampleRate.Should().Be(0.0);
        reloaded.FilterString.Should().Be("tags.env = 'prod'");
    }

    [Test]
    public async Task UpdateAsync_EmptyFilter_RemovesTheFilter()
    {
        var started = await StartAsync(new CodeScorer { Name = "len" }, 0.5, "tags.env = 'prod'");

        var updated = await Client.UpdateAsync(started, new ScorerSamplingConfig { FilterString = string.Empty });

        updated.SampleRate.Should().Be(0.5);
        updated.FilterString.Should().BeNull();
    }

    [Test]
    public async Task ListScorersAsync_ReturnsBothKindsByName_WithStatusAndHost()
    {
        await Client.RegisterAsync(new Guidelines("Reply in English.") { Model = JudgeModel }, name: "english");
        await StartAsync(new CodeScorer { Name = "length", Implementation = "Tests.Length" }, 1.0, null);
        await Client.RegisterAsync(new Safety { Model = JudgeModel }, name: "b_safety");

        var scorers = await Client.ListScorersAsync().ToListAsync();

        scorers.Select(s => s.Name).Should().Equal("b_safety", "english", "length");
        scorers[0].Should().BeOfType<Safety>().Which.Host.Should().Be(ScorerHost.Server);
        scorers[1].Should().BeOfType<Guidelines>().Which.Rules.Should().Equal("Reply in English.");
        var length = scorers[2].Should().BeOfType<CodeScorer>().Subject;
        length.Host.Should().Be(ScorerHost.DotNet);
        length.Status.Should().Be(ScorerStatus.Started);
        length.Implementation.Should().Be("Tests.Length");
        length.Evaluate.Should().BeNull("a backend stores the registration, not the delegate");
    }

    [Test]
    public async Task GetScorerAsync_MissingNameOrVersion_SurfacesResourceDoesNotExist()
    {
        await Client.RegisterAsync(new Safety(), name: "present");

        var missing = () => Client.GetScorerAsync("absent");
        var missingVersion = () => Client.GetScorerAsync("present", version: 9);

        (await missing.Should().ThrowAsync<MlflowApiException>())
            .Which.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        (await missingVersion.Should().ThrowAsync<MlflowApiException>())
            .WithMessage("*version 9 not found*");
    }

    [Test]
    public async Task DeleteAsync_RemovesEveryVersion_AndReturnsUnregisteredCopy()
    {
        await Client.RegisterAsync(new Safety(), name: "doomed");
        var second = await Client.RegisterAsync(new Safety(), name: "doomed");

        var deleted = await Client.DeleteAsync(second);

        deleted.Status.Should().Be(ScorerStatus.Unregistered);
        second.Status.Should().Be(ScorerStatus.Stopped);
        (await Client.ListScorersAsync().ToListAsync()).Should().BeEmpty();
        var again = await Client.DeleteAsync(second);
        again.Status.Should().Be(ScorerStatus.Unregistered, "deleting what is already gone still leaves it unregistered");
    }

    [Test]
    public async Task DeleteScorerVersionAsync_RemovesOnlyThatVersion()
    {
        await Client.RegisterAsync(new Safety(), name: "s");
        await Client.RegisterAsync(new Safety(), name: "s");

        await Client.DeleteScorerVersionAsync("s", 1);

        (await Client.ListScorerVersionsAsync("s").ToListAsync()).Select(v => v.Version).Should().Equal(2);
        var missing = () => Client.DeleteScorerVersionAsync("s", 1);
        await missing.Should().ThrowAsync<MlflowApiException>();
    }

    [Test]
    public async Task HostedCodeScorer_FullLifecycle_WorksOnEveryBackend()
    {
        var scorer = new CodeScorer { Name = "length", Evaluate = (ctx, _) => ValueTask.FromResult<object?>(1) };

        var v1 = await Client.RegisterAsync(scorer);
        var v2 = await Client.RegisterAsync(scorer);
        var started = await Client.StartAsync(v2, new ScorerSamplingConfig(0.25));
        var stopped = await Client.StopAsync(started);

        v1.Version.Should().Be(1);
        v2.Version.Should().Be(2);
        started.SampleRate.Should().Be(0.25);
        stopped.Status.Should().Be(ScorerStatus.Stopped);
        (await Client.ListScorerVersionsAsync("length").ToListAsync()).Select(v => v.Version).Should().Equal(1, 2);
        (await Client.GetScorerAsync("length", version: 1)).Version.Should().Be(1);
        await Client.DeleteScorerVersionAsync("length", 2);
        (await Client.GetScorerAsync("length")).Version.Should().Be(1);
        await Client.DeleteScorerAsync("length");
        (await Client.ListScorersAsync().ToListAsync()).Should().BeEmpty();
        Store.CallsTo("RegisterScorerAsync").Should().Be(0, "a .NET-hosted scorer never enters the server registry");
    }

    [Test]
    public async Task RegisterAsync_TwentyFirstScorer_IsRefusedAndTheVersionWrittenIsUndone()
    {
        for (var i = 0; i < 20; i++)
        {
            var scorer = i % 2 == 0 ? (Scorer)new Safety { Name = $"s{i:00}" } : new CodeScorer { Name = $"s{i:00}" };
            await Client.RegisterAsync(scorer);
        }

        var registrations = Store.CallsTo("RegisterScorerAsync");
        var deletions = Store.CallsTo("DeleteScorerAsync");
        var act = () => Client.RegisterAsync(new Safety { Name = "one_too_many" });

        // Registered together with the reads that check the limit (one round trip, as Python), then undone.
        (await act.Should().ThrowAsync<ScorerLimitExceededException>()).WithMessage("*already has 20 scorers*at most 20*");
        Store.CallsTo("RegisterScorerAsync").Should().Be(registrations + 1);
        Store.CallsTo("DeleteScorerAsync").Should().Be(deletions + 1);
        (await Client.ListScorersAsync().ToListAsync()).Select(s => s.Name).Should().NotContain("one_too_many");
        var newVersion = await Client.RegisterAsync(new Safety { Name = "s00" });
        newVersion.Version.Should().Be(2, "a new version of an existing name does not count against the limit");
    }

    [Test]
    public async Task RegisterAsync_NameTakenByTheOtherKind_IsRefused()
    {
        await Client.RegisterAsync(new Safety(), name: "shared");

        var act = () => Client.RegisterAsync(new CodeScorer { Name = "shared" });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*already registered in the server's scorer registry*");
    }

    [Test]
    public async Task InvalidCalls_AreRefusedBeforeAnyIo()
    {
        var registered = await Client.RegisterAsync(new Safety());
        var before = Store.Calls;

        var zeroRate = () => Client.StartAsync(registered, new ScorerSamplingConfig(0.0));
        var unregistered = () => Client.StartAsync(new Safety(), new ScorerSamplingConfig(0.5));
        var python = () => Client.RegisterAsync(new PythonFunctionScorer { Name = "py", CallSource = "return 1" });
        var customAggregation = () => Client.RegisterAsync(new Safety { Aggregations = [Aggregation.Custom("sum", v => v.Sum())] });
        var longHostedName = () => Client.RegisterAsync(new CodeScorer { Name = new string('x', 240) });
        var badName = () => Client.RegisterAsync(new Safety(), name: "  ");

        await zeroRate.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*must be greater than 0*");
        await unregistered.Should().ThrowAsync<ArgumentException>().WithMessage("*not registered*RegisterAsync*");
        await python.Should().ThrowAsync<ArgumentException>().WithMessage("*Python @scorer*");
        await customAggregation.Should().ThrowAsync<ArgumentException>().WithMessage("*'sum'*");
        await longHostedName.Should().ThrowAsync<ArgumentException>().WithMessage("*240 characters*");
        await badName.Should().ThrowAsync<ArgumentException>().WithMessage("*empty or contain only whitespace*");
        Store.Calls.Should().Be(before);
    }

    [Test]
    public async Task StartAsync_JudgeWithoutGatewayModel_FollowsTheBackendsRule()
    {
        var registered = await Client.RegisterAsync(new Safety(), name: "default_model");

        var act = () => Client.StartAsync(registered, new ScorerSamplingConfig(0.5));

        if (backend is "local" or "databricks")
        {
            (await act()).Status.Should().Be(ScorerStatus.Started, "neither the local store nor Databricks needs a gateway model");
            return;
        }

        await act.Should().ThrowAsync<ScorerOperationNotSupportedException>();
        Store.CallsTo("SetSamplingAsync").Should().Be(0);
    }

    [Test]
    public async Task HostedJudge_RegistersAsDotNet_AndKeepsItsDefinition()
    {
        var judge = new Guidelines("Answer in one sentence.") { Host = ScorerHost.DotNet, Model = "openai:/gpt-4.1-mini" };

        await Client.RegisterAsync(judge, name: "brief");
        var loaded = await Client.GetScorerAsync("brief");

        var guidelines = loaded.Should().BeOfType<Guidelines>().Subject;
        guidelines.Host.Should().Be(ScorerHost.DotNet);
        guidelines.Rules.Should().Equal("Answer in one sentence.");
        guidelines.Model.Should().Be("openai:/gpt-4.1-mini");
        Store.CallsTo("RegisterScorerAsync").Should().Be(0);
    }

    private async Task<T> StartAsync<T>(T scorer, double rate, string? filter)
        where T : Scorer
    {
        var registered = await Client.RegisterAsync(scorer);
        return await Client.StartAsync(registered, new ScorerSamplingConfig(rate, filter));
    }
}
