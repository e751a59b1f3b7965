using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;
using MlflowScorers.Traces;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// The <c>content</c> column of MLflow's <c>spans</c> table: MLflow's span dictionary (<c>Span.to_dict()</c>) as JSON, with
/// base64 ids, nanosecond times and every attribute value JSON-encoded into a string.
/// </summary>
internal static class LocalSpanContent
{
    private const string TraceRequestIdKey = "mlflow.traceRequestId";
    private const string SpanTypeKey = SpanAttributeKeys.SpanType;
    private const string SpanInputsKey = SpanAttributeKeys.SpanInputs;
    private const string SpanOutputsKey = SpanAttributeKeys.SpanOutputs;
    private const string StatusCodePrefix = "STATUS_CODE_";

    /// <summary>Reads stored spans into typed spans, through the same parser as a server's span JSON.</summary>
    public static IReadOnlyList<Span> Parse(IReadOnlyList<LocalSpanRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var spans = new JsonArray();
        foreach (var row in rows)
        {
            var span = JsonNode.Parse(row.Content)!.AsObject();

            // An open span has "end_time_unix_nano": null, which the shared parser reads as a number; leave it out instead.
            if (span.TryGetPropertyValue("end_time_unix_nano", out var end) && end is null)
            {
                span.Remove("end_time_unix_nano");
            }

            spans.Add((JsonNode)span);
        }

        var trace = new JsonObject { ["trace_info"] = new JsonObject { ["trace_id"] = string.Empty }, ["spans"] = spans };
        using var document = JsonDocument.Parse(trace.ToJsonString());
        return TraceJsonParser.ParseTrace(document.RootElement).Spans;
    }

    /// <summary>The <c>status</c> column for a span's status code: <c>OK</c>, <c>ERROR</c> or <c>UNSET</c>.</summary>
    public static string StatusColumn(string? statusCode) =>
        statusCode is { Length: > 0 } code
            ? (code.StartsWith(StatusCodePrefix, StringComparison.Ordinal) ? code[StatusCodePrefix.Length..] : code).ToUpperInvariant()
            : "UNSET";

    /// <summary>The 32 hex characters of the OTLP trace id behind an MLflow trace id (<c>tr-</c> and 32 hex characters).</summary>
    public static string OtlpTraceIdHex(string traceId)
    {
        var hex = traceId.StartsWith("tr-", StringComparison.Ordinal) ? traceId[3..] : traceId;
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigit)
            ? hex.ToLowerInvariant()
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(traceId)).AsSpan(0, 16));
    }

    /// <summary>The content JSON for a span, with its type, inputs and outputs as attributes.</summary>
    public static string Create(string traceId, Span span)
    {
        var attributes = new JsonObject
        {
            [TraceRequestIdKey] = PythonJsonText.WriteString(traceId, ensureAscii: false),
            [SpanTypeKey] = PythonJsonText.WriteString(span.SpanType.ToString(), ensureAscii: false),
        };
        foreach (var (key, value) in span.Attributes)
        {
            if (key is not (TraceRequestIdKey or SpanTypeKey or SpanInputsKey or SpanOutputsKey))
            {
                attributes[key] = PythonJsonText.Write(value, ensureAscii: false);
            }
        }

        AddIfSet(attributes, SpanInputsKey, span.Inputs ?? span.Attributes.GetValueOrDefault(SpanInputsKey));
        AddIfSet(attributes, SpanOutputsKey, span.Outputs ?? span.Attributes.GetValueOrDefault(SpanOutputsKey));
        var content = new JsonObject
        {
            ["trace_id"] = Convert.ToBase64String(Convert.FromHexString(OtlpTraceIdHex(traceId))),
            ["span_id"] = Base64Id(span.SpanId),
            ["parent_span_id"] = span.ParentId is null ? null : Base64Id(span.ParentId),
            ["name"] = span.Name,
            ["start_time_unix_nano"] = span.StartTimeUnixNano,
            ["end_time_unix_nano"] = span.EndTimeUnixNano,
            ["events"] = new JsonArray(),
            ["status"] = new JsonObject { ["code"] = StatusCodePrefix + StatusColumn(span.StatusCode), ["message"] = string.Empty },
            ["attributes"] = attributes,
        };
        return PythonJsonText.Write(content);
    }

    /// <summary>A span id as MLflow's span table keeps it: 16 lowercase hex characters.</summary>
    public static string HexId(string spanId) => TraceJsonParser.NormalizeSpanId(spanId) ?? throw new ArgumentException("A span has no id.", nameof(spanId));

    private static string Base64Id(string spanId) => Convert.ToBase64String(Convert.FromHexString(HexId(spanId)));

    private static void AddIfSet(JsonObject attributes, string key, JsonNode? value)
    {
        if (value is not null)
        {
            attributes[key] = PythonJsonText.Write(value, ensureAscii: false);
        }
    }
}
