using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MlflowScorers.Tracing;

namespace MlflowScorers.Tests.Tracing;

/// <summary>Sums the <c>mlflow.tracing.dropped_spans</c> measurements of the <c>MlflowScorers</c> meter by reason.</summary>
internal sealed class DroppedSpansListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);

    public DroppedSpansListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MlflowTracingMetrics.MeterName && instrument.Name == MlflowTracingMetrics.DroppedSpansName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _byReason.AddOrUpdate((string)tag.Value!, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string reason] => _byReason.TryGetValue(reason, out var total) ? total : 0;

    public void Dispose() => _listener.Dispose();
}
