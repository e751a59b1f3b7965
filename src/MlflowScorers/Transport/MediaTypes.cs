using System;
using System.Net.Http;
using System.Net.Http.Headers;

namespace MlflowScorers.Transport;

/// <summary>Content-Type checks.</summary>
internal static class MediaTypes
{
    /// <summary>A new <c>application/json; charset=utf-8</c> header value (header values are mutable, so never shared).</summary>
    public static MediaTypeHeaderValue JsonUtf8() => new("application/json") { CharSet = "utf-8" };

    /// <summary>Whether the response says it holds JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public static bool IsJson(HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the response has no Content-Type at all.</summary>
    public static bool IsMissing(HttpResponseMessage response) => response.Content.Headers.ContentType is null;
}
