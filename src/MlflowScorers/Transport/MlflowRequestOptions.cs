using System.Net.Http;

namespace MlflowScorers.Transport;

/// <summary>Per-request options the handler chain reads from <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class MlflowRequestOptions
{
    /// <summary>
    /// Marks a request that must not run twice (scorer register). The retry handler then retries it only when it cannot have
    /// reached the server (connection failures) or the server refused it outright (429, 503).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NonIdempotent = new("MlflowScorers.NonIdempotent");
}
