using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using MlflowScorers.Configuration;
using MlflowScorers.Tests.Support;
using OpenTelemetry.Trace;

namespace MlflowScorers.Tests.Databricks.Workspace;

/// <summary>
/// An app's traffic in a fake workspace: traces exported over OTLP to the MLflow store behind the workspace (the fake's
/// ingestion stores them as a real server does), and the check that every MLflow REST call the SDK made carried the
/// workspace's personal access token.
/// </summary>
internal static class WorkspaceTraffic
{
    private const string OtlpPath = "/v1/traces";

    /// <summary>Records <paramref name="count"/> answered questions, 10 ms apart from <paramref name="start"/>; returns their trace ids in order.</summary>
    public static IReadOnlyList<string> Record(FakeDatabricksServer server, string experimentId, DateTimeOffset start, int count, string prefix)
    {
        using var source = new ActivitySource("MlflowScorers.Tests.Workspace." + Guid.NewGuid().ToString("N"));
        var ids = new List<string>();
        using (var provider = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = server.Mlflow.Url;
            o.ExperimentId = experimentId;
            o.Sources.Add(source.Name);
            o.Resolver = new MlflowSettingsResolver(null, null, EnvironmentReader.None);
        }))
        {
            for (var i = 0; i < count; i++)
            {
                var at = start.AddMilliseconds(10 * i);
                using var root = source.StartActivity("answer", ActivityKind.Internal, parentContext: default, startTime: at)!;
                root.SetTag("mlflow.spanType", "CHAIN");
                root.SetTag("mlflow.spanInputs", $"{{\"question\": \"{prefix} question {i}\"}}");
                root.SetTag("mlflow.spanOutputs", $"\"{prefix} answer {i}\"");
                root.SetEndTime(at.AddMilliseconds(5).UtcDateTime);
                ids.Add("tr-" + root.TraceId.ToHexString());
            }

            provider.Shutdown().Should().BeTrue();
        }

        return ids;
    }

    /// <summary>
    /// Asserts that every MLflow REST request the workspace served (all but the test's own OTLP uploads) and every managed-evals
    /// request carried <c>Authorization: Bearer</c> with the test's personal access token; returns the MLflow REST requests.
    /// </summary>
    public static IReadOnlyList<FakeRequest> ShouldAllCarryThePersonalAccessToken(FakeDatabricksServer server)
    {
        var rest = server.Mlflow.Requests.Where(r => !r.PathAndQuery.StartsWith(OtlpPath, StringComparison.Ordinal)).ToList();
        rest.Should().NotBeEmpty();
        rest.Should().OnlyContain(r => r.Authorization == "Bearer " + DatabricksTestClient.Token, "every MLflow REST call to a workspace uses the Databricks auth");
        server.Requests.Where(r => r.Authorization != "Bearer " + DatabricksTestClient.Token).Should().BeEmpty("managed-evals calls use it too");
        return rest;
    }
}
