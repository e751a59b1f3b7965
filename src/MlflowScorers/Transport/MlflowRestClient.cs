using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Transport;

/// <summary>
/// Calls MLflow's REST API: query-string GETs, JSON bodies for every other method (DELETE included), and MLflow's error
/// model. Thread-safe; it does not own the <see cref="HttpClient"/>.
/// </summary>
internal sealed class MlflowRestClient
{
    private readonly HttpClient _httpClient;
    private readonly string _baseText;

    public MlflowRestClient(HttpClient httpClient, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The MLflow server address must be an absolute http:// or https:// URI.", nameof(baseAddress));
        }

        _httpClient = httpClient;
        var text = baseAddress.GetLeftPart(UriPartial.Path);
        BaseAddress = new Uri(text.EndsWith('/') ? text : text + "/");
        _baseText = BaseAddress.AbsoluteUri;
    }

    /// <summary>The HTTP client requests go through.</summary>
    public HttpClient HttpClient => _httpClient;

    /// <summary>The server's address, always ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Sends a GET with the given query parameters (repeated keys for lists) and reads a JSON response.</summary>
    public Task<TResponse> GetAsync<TResponse>(
        string path,
        IEnumerable<KeyValuePair<string, string>> query,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, BuildUri(path, query)), path, responseType, cancellationToken);

    /// <summary>Sends a DELETE without a body and reads a JSON response.</summary>
    public Task<TResponse> DeleteAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, BuildUri(path, [])), path, responseType, cancellationToken);

    /// <summary>Sends a GET and returns the body as text, for the plain-text endpoints such as <c>/version</c>.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BuildUri(path, []));
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw ResponseErrors.Create(request.Method, path, response, body);
        }

        return body.Trim();
    }

    /// <summary>
    /// Sends a JSON body with <paramref name="method"/> (POST, PUT, PATCH or DELETE) and reads a JSON response.
    /// <paramref name="nonIdempotent"/> limits retries to failures where the server cannot have acted.
    /// </summary>
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool nonIdempotent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        var request = new HttpRequestMessage(method, BuildUri(path, []))
        {
            // Serialized once to UTF-8 bytes: every attempt resends them without buffering or serializing again.
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType))
            {
                Headers = { ContentType = MediaTypes.JsonUtf8() },
            },
        };
        if (nonIdempotent)
        {
            request.Options.Set(MlflowRequestOptions.NonIdempotent, true);
        }

        return SendAsync(request, path, responseType, cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/>, which it disposes, and reads the JSON response.</summary>
    private async Task<TResponse> SendAsync<TResponse>(
        HttpRequestMessage request, string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var disposeRequest = request;
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);

        // The retry handler has buffered the body already (this is then free); the JSON is parsed from that buffer.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ResponseErrors.Create(request.Method, path, response, text);
        }

        // Parsed from a pooled copy of the buffered body: no allocation per response, and the single-pass span parser.
        using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = checked((int)body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            body.ReadExactly(buffer, 0, length);
            ReadOnlySpan<byte> json = buffer.AsSpan(0, length).Trim(" \t\r\n"u8);
            if (json.IsEmpty)
            {
                // MLflow answers some calls with nothing at all.
                json = "{}"u8;
            }
            else if (!MediaTypes.IsJson(response) && !MediaTypes.IsMissing(response))
            {
                throw new MlflowException(
                    $"{request.Method} {path} answered {(int)response.StatusCode} with " +
                    $"{response.Content.Headers.ContentType?.MediaType} instead of JSON. Is the address an MLflow tracking server?");
            }

            return Parse(json, request, path, responseType);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TResponse Parse<TResponse>(
        ReadOnlySpan<byte> json, HttpRequestMessage request, string path, JsonTypeInfo<TResponse> responseType)
    {
        try
        {
            return JsonSerializer.Deserialize(json, responseType)
                ?? throw new JsonException("The response body is the JSON literal null.");
        }
        catch (JsonException ex)
        {
            throw Unparsable(request, path, ex);
        }
    }

    private static MlflowException Unparsable(HttpRequestMessage request, string path, JsonException ex) => new(
        $"The response of {request.Method} {path} could not be parsed: {ex.Message} The body may be truncated or not JSON.", ex);

    /// <summary>The absolute address of <paramref name="path"/> with its query, written into one string (no relative-URI resolution).</summary>
    private Uri BuildUri(string path, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(_baseText);
        text.AppendFormatted(path.AsSpan().TrimStart('/'));
        var separator = '?';
        foreach (var (key, value) in query)
        {
            text.AppendFormatted(separator);
            text.AppendLiteral(Uri.EscapeDataString(key));
            text.AppendFormatted('=');
            text.AppendLiteral(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(text.ToStringAndClear());
    }
}
