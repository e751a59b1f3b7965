using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Benchmarks.Monitoring;

/// <summary>
/// The loopback MLflow-shaped server of the HTTP monitor benchmark (<c>--monitor-http-server</c>), run in its own process so
/// the client's allocations and working set are the client's alone. Kestrel on 127.0.0.1 with one handler that routes by
/// path to a <see cref="BenchTraceIndex"/>: the routes the monitor and the baseline call (version, the online-config probe, the
/// server's scorer list, experiment get and tag writes, trace search, batchGet, assessment create), plus <c>POST /bench/reset?traces=N</c>, which
/// re-seeds the traces for a run. It prints its address on the first line of standard output and stops when standard input closes.
/// </summary>
internal static class MonitorHttpServer
{
    private const string AssessmentsSuffix = "/assessments";
    private const string TracesPrefix = "/api/3.0/mlflow/traces/";

    public static async Task RunAsync()
    {
        var index = new BenchTraceIndex();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(context => HandleAsync(index, context));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(address);
        await Console.In.ReadToEndAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
    }

    private static async Task HandleAsync(BenchTraceIndex index, HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var buffer = new ArrayBufferWriter<byte>(4096);
        var status = 200;
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            switch (request.Method, path)
            {
                case ("GET", "/version"):
                    await Reply(context, 200, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(MlflowResponses.Version)).ConfigureAwait(false);
                    return;
                case ("POST", "/bench/reset"):
                    index.Reset(int.Parse(request.Query["traces"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10), MonitorDatabase.Spread);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
                case ("GET", "/api/3.0/mlflow/scorers/list"):
                    // Registration checks the server's own scorers for a name clash; there are none.
                    writer.WriteStartObject();
                    writer.WriteStartArray("scorers");
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    break;
                case ("GET", "/api/2.0/mlflow/experiments/get"):
                    if (!index.HasExperiment(request.Query["experiment_id"]))
                    {
                        status = Error(writer, 404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + request.Query["experiment_id"] + " exists");
                        break;
                    }

                    index.WriteExperiment(writer);
                    break;
                case ("POST", "/api/2.0/mlflow/experiments/set-experiment-tag"):
                {
                    using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                    index.SetTag(body.RootElement.GetProperty("key").GetString()!, body.RootElement.GetProperty("value").GetString()!);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
                }

                case ("POST", "/api/2.0/mlflow/experiments/delete-experiment-tag"):
                {
                    using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                    index.DeleteTag(body.RootElement.GetProperty("key").GetString()!);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
                }

                case ("POST", "/api/3.0/mlflow/traces/search"):
                {
                    using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                    var root = body.RootElement;
                    var experiments = root.TryGetProperty("locations", out var locations)
                        ? locations.EnumerateArray().Select(l => l.GetProperty("mlflow_experiment").GetProperty("experiment_id").GetString()).ToList()
                        : [];
                    var ascending = root.TryGetProperty("order_by", out var order)
                        && order.EnumerateArray().Any(o => o.GetString()!.Contains("timestamp_ms ASC", StringComparison.OrdinalIgnoreCase));
                    var filter = root.TryGetProperty("filter", out var f) ? f.GetString() : null;
                    var size = root.TryGetProperty("max_results", out var max) ? max.GetInt32() : 100;
                    var token = root.TryGetProperty("page_token", out var t) ? t.GetString() : null;
                    if (!experiments.Any(index.HasExperiment))
                    {
                        writer.WriteStartObject();
                        writer.WriteStartArray("traces");
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }
                    else if (index.WriteSearch(writer, filter, ascending, size, token) is { } problem)
                    {
                        status = Error(writer, 400, "INVALID_PARAMETER_VALUE", problem);
                    }

                    break;
                }

                case ("GET", "/api/3.0/mlflow/traces/batchGet"):
                    index.WriteBatchGet(writer, request.Query["trace_ids"].OfType<string>());
                    break;
                case ("POST", _) when path.StartsWith(TracesPrefix, StringComparison.Ordinal) && path.EndsWith(AssessmentsSuffix, StringComparison.Ordinal):
                {
                    var traceId = Uri.UnescapeDataString(path[TracesPrefix.Length..^AssessmentsSuffix.Length]);
                    using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                    if (!index.CreateAssessment(writer, traceId, body.RootElement.GetProperty("assessment")))
                    {
                        status = Error(writer, 404, "RESOURCE_DOES_NOT_EXIST", $"Trace with ID {traceId} not found.");
                    }

                    break;
                }

                default:
                    // As MLflow answers a route it does not have (the online-config probe on 3.6 among them): an HTML 404.
                    await Reply(context, 404, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(MlflowResponses.NotFoundPage)).ConfigureAwait(false);
                    return;
            }
        }

        await Reply(context, status, "application/json", buffer.WrittenMemory).ConfigureAwait(false);
    }

    private static int Error(Utf8JsonWriter writer, int status, string code, string message)
    {
        writer.Reset();
        writer.WriteStartObject();
        writer.WriteString("error_code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        return status;
    }

    private static async Task Reply(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
