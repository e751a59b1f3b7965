using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// An in-memory transport with the loopback server's answers. It reads the request body and completes asynchronously, as a
/// socket does, so that every async layer above it suspends and resumes as it would on the network; what is left to measure
/// is the clients' own CPU.
/// </summary>
internal sealed class CannedMlflowHandler : HttpMessageHandler
{
    private static readonly byte[] s_getScorer = Encoding.UTF8.GetBytes(MlflowResponses.GetScorer);
    private static readonly byte[] s_listScorers = Encoding.UTF8.GetBytes(MlflowResponses.ListScorers);
    private static readonly byte[] s_getExperiment = Encoding.UTF8.GetBytes(MlflowResponses.GetExperiment);
    private static readonly byte[] s_registerScorer = Encoding.UTF8.GetBytes(MlflowResponses.RegisterScorer);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (request.Content is not null)
        {
            await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return request.RequestUri!.AbsolutePath switch
        {
            "/version" => Text(HttpStatusCode.OK, MlflowResponses.Version),
            "/api/3.0/mlflow/scorers/online-configs" => Text(HttpStatusCode.NotFound, MlflowResponses.NotFoundPage),
            "/api/3.0/mlflow/scorers/get" => Json(s_getScorer),
            "/api/3.0/mlflow/scorers/list" => Json(s_listScorers),
            "/api/3.0/mlflow/scorers/register" => Json(s_registerScorer),
            "/api/2.0/mlflow/experiments/get" => Json(s_getExperiment),
            var path => throw new InvalidOperationException($"No canned answer for {path}."),
        };
    }

    private static HttpResponseMessage Json(byte[] body) => new(HttpStatusCode.OK)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
    };

    private static HttpResponseMessage Text(HttpStatusCode status, string body) => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "text/html"),
    };
}
