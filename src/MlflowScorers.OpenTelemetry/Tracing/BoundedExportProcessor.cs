using System.Diagnostics;
using OpenTelemetry;

namespace MlflowScorers.Tracing;

/// <summary>A batch processor whose queue overflow is counted by <see cref="ExportAccounting"/> instead of dropped silently.</summary>
internal sealed class BoundedExportProcessor : BatchActivityExportProcessor
{
    private readonly ExportAccounting _accounting;
    private readonly int _maxQueueSize;

    public BoundedExportProcessor(BaseExporter<Activity> exporter, MlflowTracingOptions options)
        : base(
            exporter,
            options.MaxQueueSize,
            (int)options.ScheduledDelay.TotalMilliseconds,
            (int)options.ExportTimeout.TotalMilliseconds,
            options.MaxExportBatchSize)
    {
        _accounting = options.Accounting;
        _maxQueueSize = options.MaxQueueSize;
    }

    /// <inheritdoc />
    protected override void OnExport(Activity data)
    {
        if (_accounting.TryReserve(_maxQueueSize))
        {
            base.OnExport(data);
        }
    }
}
