using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowScorers.Transport;

/// <summary>Turns an unsuccessful HTTP response into an <see cref="MlflowApiException"/> (spec §10, Errata 31 and 32).</summary>
internal static partial class ResponseErrors
{
    private const int MaxContentLength = 4096;
    private const int MaxExcerptLength = 200;
    private static readonly string[] s_requestIdHeaders = ["x-request-id", "x-databricks-request-id", "x-amzn-requestid"];

    public static MlflowApiException Create(HttpMethod method, string path, HttpResponseMessage response, string reply)
    {
        var body = AuthorizationRedaction.Redact(reply, response.RequestMessage);
        var status = response.StatusCode;
        var requestId = RequestId(response);
        var content = body.Length > MaxContentLength ? body[..MaxContentLength] : body;

        if (MediaTypes.IsJson(response) && TryReadEnvelope(body) is { ErrorCode: { Length: > 0 } code } envelope)
        {
            var message = string.IsNullOrEmpty(envelope.Message) ? $"{method} {path} failed with {code}." : envelope.Message;
            return new MlflowApiException(status, new MlflowErrorCode(code), message, content, requestId);
        }

        var excerpt = Excerpt(body);
        var text = $"{method} {path} failed with HTTP {(int)status} ({response.ReasonPhrase ?? status.ToString()})" +
                   (excerpt.Length == 0 ? "." : $": {excerpt}");
        return new MlflowApiException(status, MlflowErrorCode.FromHttpStatus((int)status), text, content, requestId);
    }

    private static ErrorEnvelope? TryReadEnvelope(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, TransportJsonContext.Default.ErrorEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? RequestId(HttpResponseMessage response)
    {
        foreach (var name in s_requestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                return string.Join(",", values);
            }
        }

        return null;
    }

    private static string Excerpt(string body)
    {
        var text = Whitespace().Replace(Tags().Replace(WebUtility.HtmlDecode(body), " "), " ").Trim();
        return text.Length > MaxExcerptLength ? text[..MaxExcerptLength] + "…" : text;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
