using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using OpenTelemetry.Trace;

namespace MlflowScorers.Cli.Tests.Support;

/// <summary>Writes traces into a local store through the SDK's own OpenTelemetry exporter, at chosen times, and feedback on
/// them through the public client, so the CLI reads what an app and a monitor would have left.</summary>
public static class SeededTraces
{
    private static readonly ActivitySource s_source = new("MlflowScorers.Cli.Tests.App");

    /// <summary>Records one trace per start time, each a root span with a question and an answer; returns the trace ids in
    /// the order of <paramref name="startTimes"/>.</summary>
    public static async Task<IReadOnlyList<string>> RecordAsync(string trackingUri, IReadOnlyList<DateTimeOffset> startTimes)
    {
        using (var tracing = MlflowTracing.CreateTracerProvider(o =>
        {
            o.TrackingUri = trackingUri;
            o.ExperimentId = "0";
            o.Sources.Add(s_source.Name);
        }))
        {
            var previous = Activity.Current;
            Activity.Current = null;
            foreach (var (time, i) in startTimes.Select((t, i) => (t, i)))
            {
                using var root = s_source.StartActivity("answer", ActivityKind.Internal, parentContext: default, startTime: time)
                    ?? throw new InvalidOperationException("the tracer provider does not listen to the test source");
                root.SetTag("mlflow.spanType", "CHAIN");
                root.SetTag("mlflow.spanInputs", new JsonObject { ["question"] = $"question {i}" }.ToJsonString());
                root.SetTag("mlflow.spanOutputs", JsonValue.Create($"answer number {i}").ToJsonString());
                root.SetEndTime(time.AddMilliseconds(250).UtcDateTime);
            }

            Activity.Current = previous;
            tracing.Shutdown();
        }

        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = trackingUri, ReadEnvironment = false });
        var traces = await client.SearchTracesAsync(new TraceSearchOptions { IncludeSpans = false }).ToListAsync();
        return traces.OrderBy(t => t.Info.RequestTime).Select(t => t.TraceId).ToList();
    }

    /// <summary>Writes one feedback on a trace: a value, or an error when <paramref name="value"/> is null.</summary>
    public static async Task FeedbackAsync(string trackingUri, string traceId, string name, JsonNode? value)
    {
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = trackingUri, ReadEnvironment = false });
        await client.CreateAssessmentAsync(new Feedback
        {
            Name = name,
            TraceId = traceId,
            Value = value,
            Error = value is null ? new AssessmentError { ErrorCode = "SCORER_ERROR", ErrorMessage = "the judge timed out" } : null,
            Source = AssessmentSource.FromCode(name),
        });
    }
}
