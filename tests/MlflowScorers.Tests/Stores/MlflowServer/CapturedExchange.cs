using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>One request and the real server's response, from a fixture file.</summary>
internal sealed record CapturedExchange(
    string Source,
    string Method,
    string PathAndQuery,
    string RequestBody,
    int Status,
    string ContentType,
    string ResponseBody)
{
    public string Path => PathAndQuery.Split('?')[0];

    public IReadOnlyList<KeyValuePair<string, string>> Query =>
        PathAndQuery.Contains('?', StringComparison.Ordinal)
            ? PathAndQuery[(PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..]
                .Split('&')
                .Select(part => part.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string>(Unescape(kv[0]), kv.Length > 1 ? Unescape(kv[1]) : string.Empty))
                .ToList()
            : [];

    public string? QueryValue(string key) => Query.Where(kv => kv.Key == key).Select(kv => kv.Value).FirstOrDefault();

    public override string ToString() => $"{Source}: {Method} {PathAndQuery} -> {Status}";

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
