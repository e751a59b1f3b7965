using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace MlflowScorers.Tracing;

/// <summary>The <c>MlflowScorers</c> meter's tracing instruments.</summary>
internal static class MlflowTracingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = MlflowScorers.Diagnostics.MlflowDiagnostics.SourceName;

    /// <summary>The dropped-spans counter's name.</summary>
    public const string DroppedSpansName = "mlflow.tracing.dropped_spans";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_droppedSpans = s_meter.CreateCounter<long>(
        DroppedSpansName, "{span}", "Spans that did not reach MLflow, by reason.");

    /// <summary>Counts dropped spans with their reason.</summary>
    public static void RecordDropped(long count, string reason) =>
        s_droppedSpans.Add(count, new KeyValuePair<string, object?>("reason", reason));
}
