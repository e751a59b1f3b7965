using MlflowScorers.Tracing;

namespace MlflowScorers.Tests.Tracing;

/// <summary>Metadata set on a root span (as an evaluation run sets <c>mlflow.sourceRun</c>) reaches the trace's info beside the session's.</summary>
public sealed class TraceMetadataTests
{
    [Test]
    public void SetMetadata_OnTheRoot_IsWrittenWithTheTraceBesideSessionAndUser()
    {
        var writer = new FakeTraceWriter();
        using var harness = new TracingHarness(writer);
        using (var root = harness.Source.StartActivity("predict"))
        {
            TraceUpdate.For(root!).SetMetadata(EvaluationRun.SourceRunMetadataKey, "run-1");
            using (harness.Source.StartActivity("child"))
            {
                MlflowTracing.UpdateCurrentTrace(sessionId: "s-1", userId: "u-1").Should().BeTrue();
            }

            TraceUpdate.For(root!).SetMetadata(EvaluationRun.SourceRunMetadataKey, "run-2");
        }

        harness.Flush();

        var metadata = writer.Traces.Should().ContainSingle().Subject.Info.Metadata;
        metadata.Should().Contain(EvaluationRun.SourceRunMetadataKey, "run-2", "a later value for the same key wins")
            .And.Contain("mlflow.trace.session", "s-1")
            .And.Contain(TraceUpdate.UserMetadataKey, "u-1");
    }
}
