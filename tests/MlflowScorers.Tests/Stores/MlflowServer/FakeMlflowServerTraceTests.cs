using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MlflowScorers.Stores;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>The fake server's traces and assessments, driven through the real server store on both imitated versions.</summary>
public sealed class FakeMlflowServerTraceTests
{
    private const string WithSpansId = "tr-41b4de4132d8878bb91a6e727b9612b9";
    private const string SpanlessId = "tr-cbeeb6b31224494684170df287a873d3";

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task Store_OnFakeServer_SearchesGetsAndLeavesOutSpanlessTraces(FakeServerVersion version)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url);
        var ct = CancellationToken.None;
        var experimentId = await test.Store.CreateExperimentAsync("traces", ct);
        Seed(fake, experimentId);

        var first = await test.Store.SearchTracesAsync(new TraceSearchRequest([experimentId], null, null, 1, null), ct);
        var second = await test.Store.SearchTracesAsync(new TraceSearchRequest([experimentId], null, null, 1, first.NextPageToken), ct);
        var filtered = await test.Store.SearchTracesAsync(new TraceSearchRequest([experimentId], "tags.env = 'curl'", null, 10, null), ct);
        var trace = await test.Store.GetTraceAsync(WithSpansId, ct);
        var batch = await test.Store.GetTracesAsync([WithSpansId, SpanlessId, "tr-missing"], ct);

        first.Traces.Select(t => t.TraceId).Concat(second.Traces.Select(t => t.TraceId)).Should().Equal([SpanlessId, WithSpansId], "the newest trace comes first");
        first.NextPageToken.Should().NotBeNull();
        second.NextPageToken.Should().BeNull();
        filtered.Traces.Should().ContainSingle().Which.TraceId.Should().Be(SpanlessId);
        trace.Spans.Should().HaveCount(2);
        trace.Info.ExperimentId.Should().Be(experimentId);
        TraceJsonExpectations.CheckRootAgainstMetadata(trace);
        batch.Should().ContainSingle().Which.TraceId.Should().Be(WithSpansId);
        fake.Requests.Should().Contain(r => r.PathAndQuery.StartsWith("/api/3.0/mlflow/traces/get?", StringComparison.Ordinal));
    }

    [TestCase(FakeServerVersion.Mlflow36)]
    [TestCase(FakeServerVersion.Mlflow311)]
    public async Task Store_OnFakeServer_CreatesUpdatesAndDeletesAssessments(FakeServerVersion version)
    {
        using var fake = FakeMlflowServer.Start(version);
        using var test = new TestStore(fake.Url, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero)));
        var ct = CancellationToken.None;
        var experimentId = await test.Store.CreateExperimentAsync("assessments", ct);
        Seed(fake, experimentId);

        var created = await test.Store.CreateAssessmentAsync(
            new Feedback { Name = "safety", TraceId = SpanlessId, Error = new AssessmentError { ErrorCode = "RATE_LIMIT", ErrorMessage = "judge failed" } }, ct);
        var updated = await test.Store.UpdateAssessmentAsync(
            SpanlessId, created.AssessmentId!, new AssessmentUpdate { Value = AssessmentValue.ForFeedback(JsonValue.Create("yes")), Rationale = "retried" }, ct);
        var listed = (await test.Store.GetTraceAsync(SpanlessId, ct)).Info.Assessments;
        await test.Store.DeleteAssessmentAsync(SpanlessId, created.AssessmentId!, ct);
        var afterDelete = () => test.Store.GetAssessmentAsync(SpanlessId, created.AssessmentId!, ct);

        created.AssessmentId.Should().MatchRegex("^a-[0-9a-f]{32}$");
        created.Should().BeOfType<Feedback>().Which.Error!.ErrorCode.Should().Be("RATE_LIMIT");
        var feedback = updated.Should().BeOfType<Feedback>().Subject;
        feedback.Value!.GetValue<string>().Should().Be("yes");
        feedback.Rationale.Should().Be("retried");
        feedback.LastUpdateTime.Should().BeAfter(feedback.CreateTime!.Value);
        listed.Should().ContainSingle().Which.AssessmentId.Should().Be(created.AssessmentId);
        var error = (await afterDelete.Should().ThrowAsync<MlflowApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.Message.Should().Be($"Assessment with ID '{created.AssessmentId}' not found for trace '{SpanlessId}'");
    }

    private static void Seed(FakeMlflowServer fake, string experimentId)
    {
        var withSpans = JsonNode.Parse(FixtureTraffic.PythonClient("mlflow-3.6").First(e => e.Path.EndsWith("/batchGet", StringComparison.Ordinal)).ResponseBody)!["traces"]![0]!;
        var spanless = JsonNode.Parse(FixtureTraffic.RestCaptures("mlflow-3.11").First(e => e.Path.EndsWith(SpanlessId, StringComparison.Ordinal)).ResponseBody)!["trace"]!;
        fake.AddTrace(experimentId, withSpans.AsObject());
        fake.AddTrace(experimentId, spanless.AsObject());
    }
}
