using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Configuration;
using MlflowScorers.Transport;

namespace MlflowScorers.Tracing;

/// <summary>
/// The OTLP exporter's request handler: adds the <c>x-mlflow-experiment-id</c> header, the Databricks spans-table header when
/// one is configured (<see cref="DatabricksOtlpIngestion"/>), and the credentials (through the one auth-header source,
/// <see cref="MlflowCredentials"/>, so a Databricks token is cached and refreshed) to each request, and keeps the cause of the last failed one (MLflow's
/// error code and message, or the connection error) for the log, since the OTLP exporter itself only reports failure.
/// </summary>
internal sealed class OtlpRequestHandler : DelegatingHandler
{
    private readonly TraceExperiment _experiment;
    private readonly MlflowCredentials? _credentials;
    private readonly string? _spansTable;
    private volatile string? _lastFailure;

    public OtlpRequestHandler(TraceExperiment experiment, MlflowCredentials? credentials, string? spansTable, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _experiment = experiment;
        _credentials = credentials;
        _spansTable = spansTable;
    }

    /// <summary>Takes the cause of the last failed request, if any.</summary>
    public string? TakeLastFailure() => Interlocked.Exchange(ref _lastFailure, null);

    /// <inheritdoc />
    /// <remarks>The OTLP exporter sends synchronously on .NET 6 and later.</remarks>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Prepare(request, cancellationToken).AsTask().GetAwaiter().GetResult();
        try
        {
            var response = base.Send(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                using var reader = new StreamReader(response.Content.ReadAsStream(cancellationToken));
                Remember(request, response, reader.ReadToEnd());
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _lastFailure = ExportFailures.Describe(ex);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Prepare(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Remember(request, response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _lastFailure = ExportFailures.Describe(ex);
            throw;
        }
    }

    private ValueTask Prepare(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(MlflowOtlpExporter.ExperimentHeader);
        request.Headers.Add(MlflowOtlpExporter.ExperimentHeader, _experiment.Id);
        if (_spansTable is not null)
        {
            request.Headers.Remove(DatabricksOtlpIngestion.SpansTableHeader);
            request.Headers.Add(DatabricksOtlpIngestion.SpansTableHeader, _spansTable);
        }

        return _credentials is null ? ValueTask.CompletedTask : _credentials.Authenticator.AuthenticateAsync(request, cancellationToken);
    }

    private void Remember(HttpRequestMessage request, HttpResponseMessage response, string body)
    {
        var error = ResponseErrors.Create(request.Method, request.RequestUri!.AbsolutePath, response, body);
        _lastFailure = $"HTTP {(int)response.StatusCode} {ExportFailures.Describe(error)}";
    }
}
