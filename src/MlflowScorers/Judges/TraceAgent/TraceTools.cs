using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlflowScorers.Judges.TraceAgent;

/// <summary>
/// The tools a trace-reading judge calls, with MLflow's names and arguments: <c>get_trace_info</c>, <c>list_spans</c>,
/// <c>get_span</c> and <c>search_trace_regex</c>. Each call returns JSON text; a bad call returns a text starting with
/// <c>Error:</c> that the model reads and can correct, never an exception.
/// </summary>
internal static class TraceTools
{
    public const string GetTraceInfo = "get_trace_info";
    public const string ListSpans = "list_spans";
    public const string GetSpan = "get_span";
    public const string SearchTraceRegex = "search_trace_regex";

    private const int DefaultMaxResults = 100;
    private const int MaxMaxResults = 1000;
    private const int DefaultMaxContentLength = 100_000;
    private const int DefaultMaxMatches = 50;
    private const int MaxMaxMatches = 200;
    private const int MatchContext = 100;
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Results as plain JSON text: quotes and non-ASCII letters are not escaped, so the model reads them as written.</summary>
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions s_indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>The tool definitions offered to the model.</summary>
    public static IReadOnlyList<JudgeToolDefinition> Definitions { get; } =
    [
        new(GetTraceInfo,
            "Returns the trace's header: its id, start time, duration, state, request and response previews, metadata, tags and "
            + "number of spans. Call it first to get an overview.",
            Schema(new JsonObject())),
        new(ListSpans,
            "Lists the trace's spans, a page at a time: for each its span_id, name, span_type, parent_id, timing in milliseconds, "
            + "status and the names of its attributes, without inputs or outputs. Use it to see the structure of the run.",
            Schema(new JsonObject
            {
                ["max_results"] = Property("integer", $"How many spans to return (default {DefaultMaxResults}, at most {MaxMaxResults})."),
                ["page_token"] = Property("string", "The next_page_token of the previous page, to continue."),
            })),
        new(GetSpan,
            "Returns one span in full (inputs, outputs, attributes, timing, status) as JSON text, in pages when it is long.",
            Schema(
                new JsonObject
                {
                    ["span_id"] = Property("string", "The span_id, as list_spans shows it."),
                    ["attributes_to_fetch"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject { ["type"] = "string" },
                        ["description"] = "Only these attributes (inputs and outputs are always included); all when left out.",
                    },
                    ["max_content_length"] = Property("integer", $"The most characters of content to return (default {DefaultMaxContentLength})."),
                    ["page_token"] = Property("string", "The page_token of the previous part, to continue."),
                },
                "span_id")),
        new(SearchTraceRegex,
            "Searches the whole trace (header and every span) with a case-insensitive regular expression and returns each match "
            + "with the span it is in and about 100 characters of text on either side.",
            Schema(
                new JsonObject
                {
                    ["pattern"] = Property("string", "A .NET regular expression, for example 'error.*timeout' or 'order_id\"?:\\s*\\d+'."),
                    ["max_matches"] = Property("integer", $"The most matches to return (default {DefaultMaxMatches}, at most {MaxMaxMatches})."),
                },
                "pattern")),
    ];

    /// <summary>Runs one call on the trace and returns what the model is told.</summary>
    public static string Invoke(Trace trace, JudgeToolCall call)
    {
        JsonObject arguments;
        try
        {
            arguments = string.IsNullOrWhiteSpace(call.Arguments) ? [] : JsonNode.Parse(call.Arguments) as JsonObject
                ?? throw new JsonException("the arguments are not a JSON object");
        }
        catch (JsonException e)
        {
            return $"Error: the arguments of {Quote(call.Name)} are not a JSON object ({e.Message}). Arguments received: {call.Arguments}";
        }

        try
        {
            var result = call.Name switch
            {
                GetTraceInfo => TraceView.Info(trace),
                ListSpans => ListSpansOf(trace, arguments),
                GetSpan => GetSpanOf(trace, arguments),
                SearchTraceRegex => Search(trace, arguments),
                _ => throw new ToolArgumentException(
                    $"there is no tool named {Quote(call.Name)}; the tools are {string.Join(", ", Definitions.Select(d => d.Name))}."),
            };
            return result.ToJsonString(s_compact);
        }
        catch (ToolArgumentException e)
        {
            return $"Error: {e.Message}";
        }
    }

    private static JsonObject ListSpansOf(Trace trace, JsonObject arguments)
    {
        var maxResults = Integer(arguments, "max_results", DefaultMaxResults, 1, MaxMaxResults);
        var start = Offset(arguments, trace.Spans.Count);
        var end = Math.Min(start + maxResults, trace.Spans.Count);
        return new JsonObject
        {
            ["spans"] = new JsonArray(trace.Spans.Skip(start).Take(end - start).Select(s => (JsonNode)TraceView.Summary(s)).ToArray()),
            ["next_page_token"] = end < trace.Spans.Count ? end.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private static JsonObject GetSpanOf(Trace trace, JsonObject arguments)
    {
        var spanId = Text(arguments, "span_id") ?? throw new ToolArgumentException("get_span needs a span_id; list_spans shows them.");
        var span = trace.Spans.FirstOrDefault(s => string.Equals(s.SpanId, spanId.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolArgumentException($"the trace has no span with span_id {Quote(spanId)}; list_spans shows the span ids.");
        var fetch = arguments["attributes_to_fetch"] switch
        {
            null => null,
            JsonArray names => names.Select(n => n is JsonValue v && v.TryGetValue<string>(out var name) ? name
                : throw new ToolArgumentException("attributes_to_fetch must be a list of attribute names.")).ToArray(),
            _ => throw new ToolArgumentException("attributes_to_fetch must be a list of attribute names."),
        };
        var content = TraceView.Full(span, fetch).ToJsonString(s_indented);
        var maxLength = Integer(arguments, "max_content_length", DefaultMaxContentLength, 1, DefaultMaxContentLength);
        var start = Offset(arguments, content.Length);
        var end = Math.Min(start + maxLength, content.Length);
        var chunk = content[start..end];
        return new JsonObject
        {
            ["span_id"] = span.SpanId,
            ["content"] = chunk,
            ["content_size_bytes"] = Encoding.UTF8.GetByteCount(chunk),
            ["page_token"] = end < content.Length ? end.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private static JsonObject Search(Trace trace, JsonObject arguments)
    {
        var pattern = Text(arguments, "pattern") ?? throw new ToolArgumentException("search_trace_regex needs a pattern.");
        var maxMatches = Integer(arguments, "max_matches", DefaultMaxMatches, 1, MaxMaxMatches);
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ToolArgumentException($"invalid regular expression {Quote(pattern)}: {e.Message}");
        }

        var sources = new List<(string Where, string Text)> { ("trace_info", TraceView.Info(trace).ToJsonString(s_compact)) };
        sources.AddRange(trace.Spans.Select(s => (s.SpanId, TraceView.Full(s).ToJsonString(s_compact))));
        var matches = new JsonArray();
        try
        {
            foreach (var (where, text) in sources)
            {
                for (var match = regex.Match(text); match.Success && matches.Count < maxMatches; match = match.NextMatch())
                {
                    matches.Add((JsonNode)new JsonObject
                    {
                        ["span_id"] = where,
                        ["matched_text"] = match.Value,
                        ["surrounding_text"] = Surrounding(text, match),
                    });
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ToolArgumentException($"the pattern {Quote(pattern)} took longer than {s_regexTimeout.TotalSeconds} s; use a simpler one.");
        }

        return new JsonObject { ["pattern"] = pattern, ["total_matches"] = matches.Count, ["matches"] = matches };
    }

    private static string Surrounding(string text, Match match)
    {
        var start = Math.Max(0, match.Index - MatchContext);
        var end = Math.Min(text.Length, match.Index + match.Length + MatchContext);
        return (start > 0 ? "..." : string.Empty) + text[start..end] + (end < text.Length ? "..." : string.Empty);
    }

    private static int Offset(JsonObject arguments, int length)
    {
        var token = Text(arguments, "page_token");
        if (token is null)
        {
            return 0;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= length
            ? offset
            : throw new ToolArgumentException($"page_token {Quote(token)} is not one this tool returned.");
    }

    private static int Integer(JsonObject arguments, string name, int fallback, int min, int max)
    {
        var node = arguments[name];
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue value && (value.TryGetValue<int>(out var number)
            || (value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out number))
            || (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))))
        {
            return number >= min ? Math.Min(number, max)
                : throw new ToolArgumentException($"{name} must be at least {min}; it was {number}.");
        }

        throw new ToolArgumentException($"{name} must be an integer; it was {node.ToJsonString()}.");
    }

    private static string? Text(JsonObject arguments, string name) => arguments[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => throw new ToolArgumentException($"{name} must be a string; it was {other.ToJsonString()}."),
    };

    private static string Quote(string text) => $"'{text}'";

    private static JsonObject Schema(JsonObject properties, params string[] required) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray()),
    };

    private static JsonObject Property(string type, string description) => new() { ["type"] = type, ["description"] = description };

    /// <summary>A call the model got wrong; its message is sent back to the model.</summary>
    private sealed class ToolArgumentException(string message) : Exception(message);
}
