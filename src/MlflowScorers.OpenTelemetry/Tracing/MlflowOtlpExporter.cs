using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using MlflowScorers.Traces;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace MlflowScorers.Tracing;

/// <summary>
/// Sends spans over OTLP/HTTP protobuf to the target's endpoint (an MLflow server's <c>/v1/traces</c>, or a Databricks
/// workspace's route, <see cref="DatabricksOtlpIngestion"/>) with the <c>x-mlflow-experiment-id</c> header and the
/// connection's credentials, set on each request. Failures are counted and logged with their cause, never thrown.
/// </summary>
internal sealed class MlflowOtlpExporter : OtlpTraceExporter
{
    /// <summary>The header that names the experiment; MLflow answers 422 without it.</summary>
    public const string ExperimentHeader = "x-mlflow-experiment-id";

    /// <summary>An MLflow server's OTLP traces route, relative to the server's address.</summary>
    public const string TracesPath = "v1/traces";

    private readonly ExportAccounting _accounting;
    private readonly TraceExperiment _experiment;
    private readonly OtlpRequestHandler _handler;

    private MlflowOtlpExporter(TracingTarget target, OtlpRequestHandler handler, TimeSpan timeout)
        : base(new OtlpExporterOptions
        {
            Endpoint = target.OtlpEndpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = (int)timeout.TotalMilliseconds,
            HttpClientFactory = () => new HttpClient(handler, disposeHandler: false) { Timeout = timeout },
        })
    {
        _accounting = target.Accounting;
        _experiment = target.Experiment;
        _handler = handler;
    }

    public static MlflowOtlpExporter Create(TracingTarget target, Func<HttpMessageHandler> primaryHandler, TimeSpan timeout) =>
        new(target, new OtlpRequestHandler(target.Experiment, target.Connection.Credentials, target.SpansTable, primaryHandler()), timeout);

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var spans = _accounting.Drain(batch);
        if (!_experiment.TryResolve(out _, out var failure))
        {
            _accounting.RecordDropped(spans.Length, DropReasons.ExperimentUnavailable, failure);
            return ExportResult.Failure;
        }

        try
        {
            var result = base.Export(new Batch<Activity>(spans, spans.Length));
            if (result == ExportResult.Success)
            {
                _accounting.RecordExported(spans.Length);
                SendTraceUpdates(spans);
            }
            else
            {
                _accounting.RecordDropped(spans.Length, DropReasons.ExportFailed, _handler.TakeLastFailure());
            }

            return result;
        }
#pragma warning disable CA1031 // An export must never throw into the application.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _accounting.RecordDropped(spans.Length, DropReasons.ExportFailed, ExportFailures.Describe(ex));
            return ExportResult.Failure;
        }
    }

    /// <summary>
    /// For each exported root whose trace was updated (<see cref="MlflowTracing.UpdateCurrentTrace"/>), sends the trace's info
    /// as the Python client does: the tags, the session and user metadata, and the previews (MLflow 3.6 would otherwise erase
    /// the previews the spans gave). Token usage is left to the server, which sums it over all the spans it received.
    /// </summary>
    private void SendTraceUpdates(Activity[] spans)
    {
        foreach (var root in spans)
        {
            if (!ActivityConverter.IsRoot(root) || TraceUpdate.Of(root) is null || _experiment.InfoWriter is not { } writer)
            {
                continue;
            }

            var info = ActivityConverter.ToTrace(_experiment.Id!, root, [ActivityConverter.ToSpan(root)]).Info;
            var metadata = info.Metadata.Where(m => m.Key != TraceInfoBuilder.TokenUsageKey).ToDictionary(StringComparer.Ordinal);
            try
            {
                writer.LogTraceInfoAsync(info with { Metadata = metadata }, CancellationToken.None).GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // An export must never throw into the application; the cause is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _accounting.Log?.Record(1, DropReasons.TraceUpdateFailed, ExportFailures.Describe(ex));
            }
        }
    }

    /// <inheritdoc />
    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        var result = base.OnShutdown(timeoutMilliseconds);
        _accounting.Log?.Flush();
        _experiment.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return result;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handler.Dispose();
        }

        base.Dispose(disposing);
    }
}
