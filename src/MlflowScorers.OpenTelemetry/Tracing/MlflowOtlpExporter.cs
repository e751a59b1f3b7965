using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace MlflowScorers.Tracing;

/// <summary>
/// Sends spans to an MLflow server's <c>/v1/traces</c> endpoint over OTLP/HTTP protobuf with the
/// <c>x-mlflow-experiment-id</c> header and the configured credentials. Failures are counted, never thrown.
/// </summary>
internal sealed class MlflowOtlpExporter : OtlpTraceExporter
{
    /// <summary>The header that names the experiment; MLflow answers 422 without it.</summary>
    public const string ExperimentHeader = "x-mlflow-experiment-id";

    private readonly ExportAccounting _accounting;

    public MlflowOtlpExporter(MlflowTracingOptions options)
        : base(CreateOptions(options))
    {
        _accounting = options.Accounting;
    }

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var spans = _accounting.Drain(batch);
        try
        {
            var result = base.Export(new Batch<Activity>(spans, spans.Length));
            if (result == ExportResult.Success)
            {
                _accounting.RecordExported(spans.Length);
            }
            else
            {
                _accounting.RecordDropped(spans.Length, DropReasons.ExportFailed);
            }

            return result;
        }
#pragma warning disable CA1031 // An export must never throw into the application.
        catch (Exception)
#pragma warning restore CA1031
        {
            _accounting.RecordDropped(spans.Length, DropReasons.ExportFailed);
            return ExportResult.Failure;
        }
    }

    private static OtlpExporterOptions CreateOptions(MlflowTracingOptions options)
    {
        var timeout = options.ExportTimeout;
        var experimentId = options.ExperimentId;
        var authorization = AuthorizationFor(options);
        return new OtlpExporterOptions
        {
            Endpoint = new Uri(options.TrackingUri.TrimEnd('/') + "/v1/traces"),
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = (int)timeout.TotalMilliseconds,
            HttpClientFactory = () => CreateHttpClient(experimentId, authorization, timeout),
        };
    }

    private static HttpClient CreateHttpClient(string experimentId, AuthenticationHeaderValue? authorization, TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        client.DefaultRequestHeaders.Add(ExperimentHeader, experimentId);
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static AuthenticationHeaderValue? AuthorizationFor(MlflowTracingOptions options)
    {
        if (options.Token is { } token)
        {
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (options.Username is { } username && options.Password is { } password)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        return null;
    }
}
