using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Evaluation;
using MlflowScorers.Tests.Support;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// MlflowTracing.UpdateCurrentTrace gives a .NET trace tags, a session and a user, on the local store and over OTLP, so the
/// README's <c>tags.env = 'prod'</c> filter matches and session-level evaluation groups .NET traces.
/// </summary>
[NonParallelizable]
public sealed class TraceContextTests
{
    private static readonly Dictionary<string, string> s_prod = new() { ["env"] = "prod" };
    private ActivitySource _source = null!;

    [SetUp]
    public void SetUp() => _source = new ActivitySource("MlflowScorers.Tests.Tracing.Context." + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() => _source.Dispose();

    [Test]
    public async Task LocalStore_UpdatedTraces_MatchTheTagFilter_AndAreGroupedIntoTheirSession()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlflowscorers-context-{Guid.NewGuid():N}.db");
        try
        {
            await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + file, ReadEnvironment = false });
            var experimentId = await client.CreateExperimentAsync("context");
            using (var provider = MlflowTracing.CreateTracerProvider(o => Configure(o, "sqlite:///" + file, experimentId)))
            {
                Record("turn 1", "I need a hotel.", tags: s_prod, sessionId: "s-1", userId: "alice");
                Record("turn 2", "Two nights.", tags: null, sessionId: "s-1", userId: null);
                Record("other", "Hi.", tags: new() { ["env"] = "dev" }, sessionId: null, userId: null);
                provider.Shutdown().Should().BeTrue();
            }

            var prod = await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [experimentId], Filter = "tags.env = 'prod'" }).ToListAsync();
            prod.Should().ContainSingle().Which.RootSpan!.Name.Should().Be("turn 1");
            prod[0].Info.Metadata["mlflow.trace.session"].Should().Be("s-1");
            prod[0].Info.Metadata["mlflow.trace.user"].Should().Be("alice");
            var all = await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = [experimentId] }).ToListAsync();

            var result = await new EvaluationHarness(new ScorerRunner())
                .EvaluateSessionsAsync(all, [CodeScorer.FromOutputs("has_output", o => o is not null)]);

            var session = result.Rows.Single(r => r.Context.TraceId == prod[0].TraceId).Context.Session;
            session!.Select(t => t.RootSpan!.Name).Should().Equal("turn 1", "turn 2");
            result.Rows.Single(r => r.Context.Trace!.RootSpan!.Name == "other").Context.Session.Should().BeNull();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task MlflowServer_UpdatedTraces_GetTheirTagsSessionAndPreviews_ThroughTheTraceInfoCall(FakeServerVersion version)
    {
        using var server = FakeMlflowServer.Start(version);
        using (var provider = MlflowTracing.CreateTracerProvider(o => Configure(o, server.Url, "0")))
        {
            Record("turn 1", "I need a hotel.", tags: s_prod, sessionId: "s-1", userId: "alice");
            Record("plain", "Hi.", tags: null, sessionId: null, userId: null);
            provider.Shutdown().Should().BeTrue();
        }

        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = server.Url, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
        var prod = await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = ["0"], Filter = "tags.env = 'prod'", IncludeSpans = false }).ToListAsync();

        var info = prod.Should().ContainSingle().Subject.Info;
        info.Metadata["mlflow.trace.session"].Should().Be("s-1");
        info.Metadata["mlflow.trace.user"].Should().Be("alice");
        info.Metadata.Should().NotContainKey("mlflow.trace.tokenUsage");
        info.RequestPreview.Should().Be("{\"question\": \"I need a hotel.\"}");
        info.Tags["mlflow.traceName"].Should().Be("turn 1");
        server.Requests.Count(r => r.PathAndQuery == "/api/3.0/mlflow/traces").Should().Be(1, "only the updated trace needs its info sent");
        (await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = ["0"], Filter = "metadata.`mlflow.trace.session` = 's-1'", IncludeSpans = false })
            .CountAsync()).Should().Be(1);
    }

    [Test]
    public void UpdateCurrentTrace_WithoutACurrentSpan_SetsNothing_AndBadValuesAreRejected()
    {
        Activity.Current = null;

        MlflowTracing.UpdateCurrentTrace(tags: s_prod).Should().BeFalse();
        var emptyKey = () => MlflowTracing.UpdateCurrentTrace(tags: new Dictionary<string, string> { [" "] = "x" });
        var emptySession = () => MlflowTracing.UpdateCurrentTrace(sessionId: "");
        emptyKey.Should().Throw<ArgumentException>();
        emptySession.Should().Throw<ArgumentException>();
    }

    private void Record(string name, string question, Dictionary<string, string>? tags, string? sessionId, string? userId)
    {
        using var root = _source.StartActivity(name)!;
        root.SetTag("mlflow.spanInputs", $"{{\"question\": \"{question}\"}}");
        using (_source.StartActivity("step"))
        {
            // Called from inside a child span: the update goes on the trace's root.
            MlflowTracing.UpdateCurrentTrace(tags, sessionId, userId).Should().BeTrue();
        }

        root.SetTag("mlflow.spanOutputs", "\"ok\"");
    }

    private void Configure(MlflowTracingOptions options, string trackingUri, string experimentId)
    {
        options.TrackingUri = trackingUri;
        options.ExperimentId = experimentId;
        options.Sources.Add(_source.Name);
        options.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
    }
}
