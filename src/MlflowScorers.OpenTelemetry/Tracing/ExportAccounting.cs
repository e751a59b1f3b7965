using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using OpenTelemetry;

namespace MlflowScorers.Tracing;

/// <summary>
/// Bounds the export queue and counts what happens to the spans. A span is reserved before it enters the batch queue and
/// released as the exporter takes it, so the count of reserved spans is never below the queue's length and a span refused
/// here is the only kind of drop: the batch processor's own queue never overflows silently.
/// </summary>
internal sealed class ExportAccounting
{
    private long _pending;
    private long _dropped;
    private long _exported;

    /// <summary>The spans dropped for any reason.</summary>
    public long DroppedSpans => Interlocked.Read(ref _dropped);

    /// <summary>The spans handed to MLflow successfully.</summary>
    public long ExportedSpans => Interlocked.Read(ref _exported);

    /// <summary>Reserves a place in a queue of <paramref name="capacity"/> spans; counts a drop when it is full.</summary>
    public bool TryReserve(int capacity)
    {
        if (Interlocked.Increment(ref _pending) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        RecordDropped(1, DropReasons.QueueFull);
        return false;
    }

    /// <summary>Takes the spans out of a batch, releasing their places in the queue.</summary>
    public Activity[] Drain(in Batch<Activity> batch)
    {
        var spans = new List<Activity>((int)batch.Count);
        foreach (var span in batch)
        {
            spans.Add(span);
            Interlocked.Decrement(ref _pending);
        }

        return [.. spans];
    }

    /// <summary>Counts spans that reached MLflow.</summary>
    public void RecordExported(long count) => Interlocked.Add(ref _exported, count);

    /// <summary>Where drops are logged; set when the pipeline is built.</summary>
    public DropLog? Log { get; set; }

    /// <summary>Counts dropped spans here and in the <c>MlflowScorers</c> meter, and logs them with their reason and cause.</summary>
    public void RecordDropped(long count, string reason, string? cause = null)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref _dropped, count);
        MlflowTracingMetrics.RecordDropped(count, reason);
        Log?.Record(count, reason, cause);
    }
}
