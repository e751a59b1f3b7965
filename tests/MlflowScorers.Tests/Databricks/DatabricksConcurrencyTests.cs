using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks;

/// <summary>
/// The two-writer race on a list that the service replaces whole, without a version check: another writer changes the list
/// between our read and our write, and again between our write and our check. Nothing is lost, or the loss is reported.
/// </summary>
public sealed class DatabricksConcurrencyTests
{
    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task OtherWriterBetweenOurReadAndOurWrite_IsRebasedOn_NotOverwritten()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        await test.Client.RegisterAsync(new Safety(), name: "existing");
        var listGets = 0;
        _server.ExternalWriter = (request, list) =>
            IsListGet(request) && ++listGets == 2 ? [.. list, FakeDatabricksServer.Entry("python_judge", 0.3)] : null;

        // The store's write: read (1), re-read just before the PATCH (2, the other writer lands first), PATCH, check.
        await test.Inner.RegisterScorerAsync(test.ExperimentId, "ours", DatabricksScorerStoreTests.SafetyPayload("ours"), default);

        Names().Should().BeEquivalentTo("existing", "python_judge", "ours");
        _server.Entries(test.ExperimentId).Single(e => Name(e) == "python_judge")["sample_rate"]!.GetValue<double>().Should().Be(0.3);
    }

    [Test]
    public async Task StaleWriterAfterOurWrite_UndoesIt_AndTheChangeIsWrittenAgainOnTopOfTheirs()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        await test.Client.RegisterAsync(new Safety(), name: "existing");
        List<JsonObject>? staleCopy = null;
        var patched = false;
        _server.ExternalWriter = (request, list) =>
        {
            if (request.Method == "GET" && staleCopy is null)
            {
                staleCopy = list; // the other writer reads the list before we write
            }

            if (request.Method == "PATCH" && !patched)
            {
                patched = true;
                return null;
            }

            if (patched && IsListGet(request) && staleCopy is not null)
            {
                var stale = staleCopy;
                staleCopy = [];
                return stale.Count == 0 ? null : [.. stale, FakeDatabricksServer.Entry("late_writer")];
            }

            return null;
        };

        var registered = await test.Client.RegisterAsync(new Guidelines("Be brief."), name: "ours");

        Names().Should().BeEquivalentTo("existing", "late_writer", "ours");
        registered.Version.Should().NotBeNull();
        _server.Requests.Count(r => r.Method == "PATCH").Should().Be(3, "one for 'existing', then ours twice");
    }

    [Test]
    public async Task WriterThatUndoesEveryWrite_IsReportedAsALostRaceNamingTheScorer()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        await test.Client.RegisterAsync(new Safety(), name: "existing");
        var undo = false;
        _server.ExternalWriter = (request, list) =>
        {
            if (request.Method == "PATCH")
            {
                undo = true;
                return null;
            }

            if (undo && IsListGet(request))
            {
                undo = false;
                return [.. list.Where(e => Name(e) != "ours")];
            }

            return null;
        };
        var patchesBefore = _server.Requests.Count(r => r.Method == "PATCH");

        var act = () => test.Inner.RegisterScorerAsync(test.ExperimentId, "ours", DatabricksScorerStoreTests.SafetyPayload("ours"), default);

        var error = (await act.Should().ThrowAsync<ScorerWriteConflictException>()).Which;
        error.ScorerName.Should().Be("ours");
        error.ExperimentId.Should().Be(test.ExperimentId);
        error.Message.Should().Contain("scorer 'ours'").And.Contain($"each of the {ScorerListWriter.MaxAttempts} times");
        _server.Requests.Count(r => r.Method == "PATCH").Should().Be(patchesBefore + ScorerListWriter.MaxAttempts);
        Names().Should().Equal("existing");
    }

    [Test]
    public async Task TwoClientsRacing_LoseNothingTheyWereToldWasWritten()
    {
        await using var a = await DatabricksTestClient.CreateAsync(_server);
        await using var b = await DatabricksTestClient.CreateAsync(_server, experimentId: a.ExperimentId);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            Register(a.Client, $"a{i}"),
            Register(b.Client, $"b{i}"),
        }));

        var written = outcomes.Where(o => o.Error is null).Select(o => o.Name).ToList();
        outcomes.Where(o => o.Error is not null and not ScorerWriteConflictException).Should().BeEmpty("a lost race is the only failure allowed");
        written.Should().NotBeEmpty();
        Names().Should().Contain(written, "a registration reported as written is in the list");
    }

    [Test]
    public async Task ManyConcurrentLifecycleCallsFromOneClient_AllLand()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);

        var registered = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => test.Client.RegisterAsync(new Safety(), name: $"s{i}")));
        var started = await Task.WhenAll(registered.Select((s, i) => test.Client.StartAsync(s, new ScorerSamplingConfig(0.1 * (i + 1)))));

        Names().Should().HaveCount(10);
        started.Should().OnlyContain(s => s.Status == ScorerStatus.Started);
        var listed = await test.Client.ListScorersAsync().ToListAsync();
        listed.Select(s => s.SampleRate).Should().BeEquivalentTo(started.Select(s => s.SampleRate));
    }

    private static async Task<(string Name, Exception? Error)> Register(MlflowClient client, string name)
    {
        try
        {
            await client.RegisterAsync(new Safety(), name: name);
            return (name, null);
        }
        catch (MlflowException e)
        {
            return (name, e);
        }
    }

    private static bool IsListGet(FakeDatabricksRequest request) =>
        request.Method == "GET" && request.Path.StartsWith("/api/2.0/managed-evals/scheduled-scorers/", StringComparison.Ordinal);

    private static string Name(JsonObject entry) => entry["name"]!.GetValue<string>();

    private List<string> Names() => _server.Entries(_server.Requests.First(r => r.Path.Contains("scheduled-scorers/", StringComparison.Ordinal)).Path.Split('/')[^1]).Select(Name).ToList();
}
