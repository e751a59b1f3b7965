using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Stores.Databricks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks;

/// <summary>The managed-evals requests, the Databricks rules, version detection and the unversioned service's differences.</summary>
public sealed class DatabricksScorerStoreTests
{
    private FakeDatabricksServer _server = null!;

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task Register_FirstWriteCreatesTheListWithPost_LaterWritesPatchTheWholeListWithTheUpdateMask()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);

        await test.Client.RegisterAsync(new Safety(), name: "first");
        await test.Client.RegisterAsync(new Guidelines("Be kind.") { Model = "databricks:/my-judge" }, name: "second");

        var writes = ListCalls(test).Where(r => r.Method != "GET").ToList();
        writes.Select(r => r.Method).Should().Equal("PATCH", "POST", "PATCH");
        var patch = JsonNode.Parse(writes[^1].Body)!.AsObject();
        patch["experiment_id"]!.GetValue<string>().Should().Be(test.ExperimentId);
        patch["update_mask"]!.GetValue<string>().Should().Be("scheduled_scorers.scorers");
        var entries = patch["scheduled_scorers"]!["scorers"]!.AsArray();
        entries.Select(e => e!["name"]!.GetValue<string>()).Should().Equal("first", "second");
        entries[0]!["version"]!.GetValue<int>().Should().Be(1, "an untouched entry is sent back as read");
        entries[0]!["builtin"]!["name"]!.GetValue<string>().Should().Be("first");
        entries[1]!.AsObject().ContainsKey("version").Should().BeFalse("a new registration leaves the version to the service");
        entries[1]!["builtin"]!["name"]!.GetValue<string>().Should().Be("second", "Guidelines is a built-in judge class");
        entries[1]!["sample_rate"]!.GetValue<double>().Should().Be(0.0);
    }

    [Test]
    public async Task Write_KeepsFieldsTheSdkDoesNotKnow_OnEntriesItDidNotTouch()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        var planted = FakeDatabricksServer.Entry("python_judge", sampleRate: 0.25);
        planted["owner_note"] = "written by a newer client";
        _server.ExternalWriter = (request, list) => request.Method == "GET" && list.Count == 0 ? [planted] : null;

        await test.Client.RegisterAsync(new Safety());

        var kept = _server.Entries(test.ExperimentId).Single(e => e["name"]!.GetValue<string>() == "python_judge");
        kept["owner_note"]!.GetValue<string>().Should().Be("written by a newer client");
        kept["sample_rate"]!.GetValue<double>().Should().Be(0.25);
    }

    [Test]
    public async Task Register_JudgeModelDatabricksCannotRun_IsRefusedBeforeAnyRequest()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        var before = _server.Requests.Count;

        var act = () => test.Client.RegisterAsync(new Safety { Model = "openai:/gpt-4.1-mini" });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage(
            "Scorer 'safety' cannot be registered on Databricks: its judge model is 'openai:/gpt-4.1-mini', and Databricks runs judges only with the model 'databricks' (the default) or 'databricks:/<serving-endpoint>'*ScorerHost.DotNet*");
        _server.Requests.Count.Should().Be(before);
        var hosted = await test.Client.RegisterAsync(new Safety { Model = "openai:/gpt-4.1-mini", Host = ScorerHost.DotNet });
        hosted.Host.Should().Be(ScorerHost.DotNet, "a .NET-hosted judge may use any model; it lives in an experiment tag");
        _server.Entries(test.ExperimentId).Should().BeEmpty();
    }

    [Test]
    public async Task Register_ListFilledToTheLimitByAnotherWriter_IsRefusedWithoutWriting()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        var reads = 0;
        _server.ExternalWriter = (request, list) =>
            request.Method == "GET" && ++reads == 2 ? [.. Enumerable.Range(0, 20).Select(i => FakeDatabricksServer.Entry($"other_{i:00}"))] : null;

        var act = () => test.Inner.RegisterScorerAsync(test.ExperimentId, "one_more", SafetyPayload("one_more"), default);

        await act.Should().ThrowAsync<ScorerLimitExceededException>().WithMessage("*already has 20 scheduled scorers*at most 20*");
        ListCalls(test).Should().NotContain(r => r.Method == "PATCH" || r.Method == "POST");
    }

    [Test]
    public async Task VersionRoutes_AreDetectedOnce_AndServeVersionsOfTheNewService()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        await test.Client.RegisterAsync(new Guidelines("v1"), name: "tone");
        await test.Client.RegisterAsync(new Guidelines("v2"), name: "tone");

        var v1 = (Guidelines)await test.Client.GetScorerAsync("tone", version: 1);
        var versions = await test.Client.ListScorerVersionsAsync("tone").ToListAsync();
        await test.Client.DeleteScorerVersionAsync("tone", 2);
        var latest = (Guidelines)await test.Client.GetScorerAsync("tone");

        v1.Rules.Should().Equal("v1");
        versions.Select(v => v.Version).Should().Equal(1, 2);
        latest.Rules.Should().Equal("v1");
        latest.Version.Should().Be(1);
        test.Inner.DetectedVersionRoutes.Should().Be(VersionRoutes.Scorers);
        var probe = ManagedEvalsPaths.ScorerKey(DatabricksScorerStore.ProbeScorerName);
        _server.Requests.Count(r => r.Path.Contains(probe, StringComparison.Ordinal)).Should().Be(1);
        _server.Requests.Should().Contain(r => r.Method == "DELETE"
            && r.Path == $"/api/2.0/managed-evals/experiments/{test.ExperimentId}/scorers/{ManagedEvalsPaths.ScorerKey("tone")}/versions/2");
    }

    [Test]
    public async Task VersionRoutes_EarlierSpelling_IsDetectedAfterTheNewOneIsMissing()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.VersionedScheduledScorersRoutes);
        await test.Client.RegisterAsync(new Safety(), name: "s");
        await test.Client.RegisterAsync(new Safety(), name: "s");

        var versions = await test.Client.ListScorerVersionsAsync("s").ToListAsync();

        versions.Select(v => v.Version).Should().Equal(1, 2);
        test.Inner.DetectedVersionRoutes.Should().Be(VersionRoutes.ScheduledScorers);
    }

    [Test]
    public async Task UnversionedService_KeepsOnePayloadPerName_AndNeverInventsVersionNumbers()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Unversioned);

        var first = await test.Client.RegisterAsync(new Guidelines("v1"), name: "tone");
        var second = await test.Client.RegisterAsync(new Guidelines("v2"), name: "tone");
        var versions = await test.Client.ListScorerVersionsAsync("tone").ToListAsync();
        var missingVersion = () => test.Client.GetScorerAsync("tone", version: 1);
        var deleteVersion = () => test.Client.DeleteScorerVersionAsync("tone", 1);

        first.Version.Should().BeNull();
        second.Version.Should().BeNull();
        versions.Should().ContainSingle().Which.Should().BeOfType<Guidelines>().Which.Rules.Should().Equal("v2");
        versions[0].Version.Should().BeNull();
        (await missingVersion.Should().ThrowAsync<MlflowApiException>()).WithMessage("*'tone' and version 1 not found*");
        await deleteVersion.Should().ThrowAsync<MlflowApiException>();
        test.Inner.DetectedVersionRoutes.Should().Be(VersionRoutes.None);
    }

    [Test]
    public async Task PythonFunctionPayloads_AreListedAsTheyAre_AndNeverRun()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        const string payload = "{\"name\": \"word_count\", \"aggregations\": [\"mean\"], \"mlflow_version\": \"3.1.0\", \"serialization_version\": 1, \"builtin_scorer_class\": null, \"builtin_scorer_pydantic_data\": null, \"call_source\": \"return len(outputs.split())\", \"call_signature\": \"(outputs)\", \"original_func_name\": \"word_count\"}";
        _server.ExternalWriter = (request, list) =>
            request.Method == "GET" && list.Count == 0 ? [FakeDatabricksServer.Entry("word_count", 0.5, payload)] : null;

        var listed = await test.Client.ListScorersAsync().ToListAsync();

        var python = listed.Should().ContainSingle().Which.Should().BeOfType<PythonFunctionScorer>().Subject;
        python.CallSource.Should().Be("return len(outputs.split())");
        python.Status.Should().Be(ScorerStatus.Started);
        python.SampleRate.Should().Be(0.5);
    }

    [Test]
    public async Task StartAndStop_ChangeOnlyTheirEntrysRateAndFilter()
    {
        await using var test = await StartAsync(FakeDatabricksVersioning.Versioned);
        await test.Client.RegisterAsync(new Safety(), name: "other");
        var registered = await test.Client.RegisterAsync(new Safety());

        var started = await test.Client.StartAsync(registered, new ScorerSamplingConfig(0.5, "trace.status = 'OK'"));
        var stopped = await test.Client.StopAsync(started);

        started.SampleRate.Should().Be(0.5);
        stopped.SampleRate.Should().Be(0.0);
        var stored = _server.Entries(test.ExperimentId);
        var safety = stored.Single(e => e["name"]!.GetValue<string>() == "safety");
        safety["filter_string"]!.GetValue<string>().Should().Be("trace.status = 'OK'", "stop keeps the filter");
        safety["version"]!.GetValue<int>().Should().Be(1, "a sampling change adds no version");
        stored.Single(e => e["name"]!.GetValue<string>() == "other")["version"]!.GetValue<int>().Should().Be(1);
    }

    private async Task<DatabricksTestClient> StartAsync(FakeDatabricksVersioning versioning)
    {
        _server = FakeDatabricksServer.Start(versioning);
        return await DatabricksTestClient.CreateAsync(_server);
    }

    private System.Collections.Generic.List<FakeDatabricksRequest> ListCalls(DatabricksTestClient test) =>
        _server.Requests.Where(r => r.Path == ManagedEvalsPaths.ScheduledScorers(test.ExperimentId)).ToList();

    internal static string SafetyPayload(string name) => FakeDatabricksServer.Entry(name)["serialized_scorer"]!.GetValue<string>();
}
