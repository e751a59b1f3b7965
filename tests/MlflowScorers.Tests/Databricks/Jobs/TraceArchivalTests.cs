using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Jobs;

/// <summary>Trace archival to a Unity Catalog Delta table (spec §8.3): requests, the 404 and 409 results, name rules.</summary>
public sealed class TraceArchivalTests
{
    private FakeDatabricksServer _server = null!;

    [SetUp]
    public void Start() => _server = FakeDatabricksServer.Start().ServeJobs();

    [TearDown]
    public void Stop() => _server.Dispose();

    [Test]
    public async Task Enable_PostsTheExperimentAndTable_ForTheActiveExperiment_AndReturnsTheJobId()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);

        var jobId = await client.EnableTraceArchivalAsync("main.agents.support_traces");

        jobId.Should().Be("archive-job-1");
        var call = ArchivalCalls().Single();
        call.Method.Should().Be("POST");
        call.Path.Should().Be($"/api/2.0/managed-evals/experiments/{test.ExperimentId}/trace-archival");
        call.Authorization.Should().Be("Bearer " + DatabricksTestClient.Token);
        call.Body.Should().Be(new JsonObject { ["experiment_id"] = test.ExperimentId, ["archive_table_fullname"] = "main.agents.support_traces" }.ToJsonString());
        _server.ArchiveTable(test.ExperimentId).Should().Be("main.agents.support_traces");
    }

    [Test]
    public async Task Enable_WhenAlreadyConfigured_IsAlreadyConfigured_WithTheServersCodeAndMessage()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);
        await client.EnableTraceArchivalAsync("main.agents.first");

        var act = () => client.EnableTraceArchivalAsync("main.agents.second");

        var error = (await act.Should().ThrowExactlyAsync<TraceArchivalException>()).Which;
        error.Reason.Should().Be(TraceArchivalFailure.AlreadyConfigured);
        error.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceAlreadyExists);
        error.Message.Should().StartWith($"Trace archival is already configured for experiment '{test.ExperimentId}'.")
            .And.Contain($"Experiment '{test.ExperimentId}' already archives to 'main.agents.first'.");
        _server.ArchiveTable(test.ExperimentId).Should().Be("main.agents.first");
    }

    [Test]
    public async Task Enable_ForAnExperimentTheWorkspaceDoesNotKnow_IsExperimentNotFound()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);
        _server.MarkExperimentMissing("424242");

        var act = () => client.EnableTraceArchivalAsync("main.agents.traces", experimentId: "424242");

        var error = (await act.Should().ThrowExactlyAsync<TraceArchivalException>()).Which;
        error.Reason.Should().Be(TraceArchivalFailure.ExperimentNotFound);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Contain("experiment '424242' was not found").And.Contain("Experiment '424242' not found.");
    }

    [Test]
    public async Task Disable_DeletesWithTheExperimentInTheBody_AndASecondDisableIsNotConfigured()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);
        await client.EnableTraceArchivalAsync("main.agents.traces");

        await client.DisableTraceArchivalAsync();
        var again = () => client.DisableTraceArchivalAsync(test.ExperimentId);

        var error = (await again.Should().ThrowExactlyAsync<TraceArchivalException>()).Which;
        error.Reason.Should().Be(TraceArchivalFailure.NotConfigured);
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(MlflowErrorCode.ResourceDoesNotExist);
        error.Message.Should().Contain($"No trace archival configured for experiment '{test.ExperimentId}'.");
        var deletes = ArchivalCalls().Where(r => r.Method == "DELETE").ToList();
        deletes.Should().HaveCount(2);
        deletes[0].Path.Should().Be($"/api/2.0/managed-evals/experiments/{test.ExperimentId}/trace-archival");
        deletes[0].Body.Should().Be(new JsonObject { ["experiment_id"] = test.ExperimentId }.ToJsonString());
        _server.ArchiveTable(test.ExperimentId).Should().BeNull();
    }

    [TestCase("main.agents", "it has 2 parts")]
    [TestCase("main.agents.traces.v2", "it has 4 parts")]
    [TestCase("main..traces", "its schema part is empty")]
    [TestCase("main.agents.support-traces", "its table part 'support-traces' contains '-'")]
    [TestCase("main.my agents.traces", "its schema part 'my agents' contains ' '")]
    [TestCase("`main.agents.traces", "a backtick-quoted part is not closed")]
    [TestCase("`main`x.agents.traces", "'x' follows a closing backtick")]
    [TestCase("main.`a/b`.traces", "its schema part 'a/b' contains '/'")]
    [TestCase("main.``.traces", "its schema part is empty")]
    public async Task Enable_WithABadTableName_IsRefusedBeforeAnyRequest(string table, string rule)
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);

        var act = () => client.EnableTraceArchivalAsync(table);

        var error = (await act.Should().ThrowExactlyAsync<ArgumentException>()).Which;
        error.ParamName.Should().Be("deltaTableFullName");
        error.Message.Should().Contain($"The Delta table name '{table}' is not valid: {rule}");
        _server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Enable_WithBacktickQuotedParts_SendsTheNameAsGiven()
    {
        await using var test = await DatabricksTestClient.CreateAsync(_server);
        var client = DatabricksJobsClient.Over(test, _server);

        await client.EnableTraceArchivalAsync("`prod-catalog`.agents.`support ``traces```");

        _server.ArchiveTable(test.ExperimentId).Should().Be("`prod-catalog`.agents.`support ``traces```");
    }

    [Test]
    public async Task OnAnMlflowServer_ArchivalBackfillAndCancel_AreNotSupported_NamingTheBackend()
    {
        await using var client = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = _server.Mlflow.Url, ExperimentId = "0", ReadEnvironment = false, Retry = { MaxRetries = 0 },
        });

        var enable = () => client.EnableTraceArchivalAsync("main.agents.traces");
        var disable = () => client.DisableTraceArchivalAsync();
        var backfill = () => client.StartDatabricksBackfillAsync(DatabricksBackfillTests.Names("safety"), null, null, null, default);
        var cancel = () => client.CancelBackfillJobAsync("backfill-job-1");

        (await enable.Should().ThrowExactlyAsync<ScorerOperationNotSupportedException>()).Which.Message.Should()
            .StartWith("Trace archival needs a Databricks workspace").And.Contain("MLflow server");
        (await disable.Should().ThrowExactlyAsync<ScorerOperationNotSupportedException>()).Which.Message.Should().Contain("MLflow server");
        (await backfill.Should().ThrowExactlyAsync<ScorerOperationNotSupportedException>()).Which.Message.Should()
            .StartWith("A managed-evals backfill of scheduled scorers needs a Databricks workspace");
        (await cancel.Should().ThrowExactlyAsync<ScorerOperationNotSupportedException>()).Which.Message.Should().Contain("MLflow server");
        _server.Requests.Should().BeEmpty();
    }

    private FakeDatabricksRequest[] ArchivalCalls() =>
        [.. _server.Requests.Where(r => r.Path.EndsWith("/trace-archival", StringComparison.Ordinal))];
}
