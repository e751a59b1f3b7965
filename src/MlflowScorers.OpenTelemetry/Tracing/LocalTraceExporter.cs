using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using MlflowScorers.Stores;
using OpenTelemetry;

namespace MlflowScorers.Tracing;

/// <summary>
/// Local mode: writes each trace into the local MLflow database when its root span ends. Spans that end before their root
/// are held, at most <see cref="MlflowTracingOptions.MaxQueueSize"/> of them; failures are counted and logged with their
/// cause, never thrown.
/// </summary>
internal sealed class LocalTraceExporter : BaseExporter<Activity>
{
    private readonly Dictionary<string, List<Span>> _waiting = new(StringComparer.Ordinal);
    private readonly Lazy<ITraceWriter> _writer;
    private readonly ExportAccounting _accounting;
    private readonly TraceExperiment _experiment;
    private readonly int _maxWaitingSpans;
    private int _waitingSpans;

    public LocalTraceExporter(TracingTarget target, MlflowTracingOptions options)
    {
        var connection = target.Connection;
        var factory = options.TraceWriterFactory;
        _writer = new Lazy<ITraceWriter>(() => factory(connection), LazyThreadSafetyMode.ExecutionAndPublication);
        _accounting = target.Accounting;
        _experiment = target.Experiment;
        _maxWaitingSpans = options.MaxQueueSize;
    }

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var result = ExportResult.Success;
        foreach (var activity in _accounting.Drain(batch))
        {
            if (!Accept(activity))
            {
                result = ExportResult.Failure;
            }
        }

        return result;
    }

    /// <inheritdoc />
    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _accounting.RecordDropped(_waitingSpans, DropReasons.Incomplete);
        _waiting.Clear();
        _waitingSpans = 0;
        _accounting.Log?.Flush();
        _experiment.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_writer.IsValueCreated && _writer.Value is IAsyncDisposable disposable)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return true;
    }

    private bool Accept(Activity activity)
    {
        var traceId = ActivityConverter.TraceIdOf(activity);
        if (!ActivityConverter.IsRoot(activity))
        {
            return Hold(traceId, activity);
        }

        var spans = new List<Span>();
        if (_waiting.Remove(traceId, out var children))
        {
            spans.AddRange(children);
            _waitingSpans -= children.Count;
        }

        spans.Insert(0, ActivityConverter.ToSpan(activity));
        if (!_experiment.TryResolve(out var experimentId, out var failure))
        {
            _accounting.RecordDropped(spans.Count, DropReasons.ExperimentUnavailable, failure);
            return false;
        }

        return Write(experimentId, ActivityConverter.ToTrace(experimentId, activity, spans), spans.Count);
    }

    private bool Hold(string traceId, Activity activity)
    {
        if (_waitingSpans >= _maxWaitingSpans)
        {
            _accounting.RecordDropped(1, DropReasons.BufferFull);
            return false;
        }

        if (!_waiting.TryGetValue(traceId, out var spans))
        {
            spans = [];
            _waiting[traceId] = spans;
        }

        spans.Add(ActivityConverter.ToSpan(activity));
        _waitingSpans++;
        return true;
    }

    private bool Write(string experimentId, Trace trace, int spanCount)
    {
        try
        {
            _writer.Value.WriteTraceAsync(experimentId, trace, CancellationToken.None).GetAwaiter().GetResult();
            _accounting.RecordExported(spanCount);
            return true;
        }
#pragma warning disable CA1031 // An export must never throw into the application.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _accounting.RecordDropped(spanCount, DropReasons.ExportFailed, ExportFailures.Describe(ex));
            return false;
        }
    }
}
