using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Tests.Tracing;
using MlflowScorers.Traces;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// The fake server's OTLP span ingestion (<c>POST /v1/traces</c>, HTTP protobuf, header <c>x-mlflow-experiment-id</c>), as a real
/// MLflow server stores spans (upstream <c>Span.from_otel_proto</c>, the tracking store's <c>log_spans</c>, and
/// tests/fixtures/dotnet-otlp-to-mlflow.md):
/// <list type="bullet">
/// <item>Each span is kept in the snake_case OTLP JSON that <c>traces/get</c> and <c>batchGet</c> return (Errata 25): base64 ids,
/// no <c>parent_span_id</c> on a root, nanosecond times as JSON numbers, <c>mlflow.traceRequestId</c> added first, and every
/// attribute value read back the way MLflow reads a stored attribute: a string holding JSON text becomes the parsed value (so a
/// JSON object is a <c>kvlist_value</c>, a JSON string a plain <c>string_value</c>), other strings stay as sent, and an empty
/// value (<c>""</c>, 0, false, an empty list) is an empty AnyValue. No <c>kind</c>; a status message only on an error.</item>
/// <item>The trace's info follows the spans: <c>request_time</c> is the earliest span start, <c>execution_duration</c> runs to the
/// latest end; the root span (no parent) gives the state (<c>ERROR</c> for an error status, else <c>OK</c>) and, where none is
/// set, the previews of its inputs and outputs; without a root a new trace is <c>IN_PROGRESS</c>. Token usage
/// (<c>gen_ai.usage.*</c>) is summed into <c>mlflow.trace.tokenUsage</c>, and 3.11 maps a <c>session.id</c> attribute to
/// <c>mlflow.trace.session</c> when the trace has none (upstream added that after 3.6). The tag <c>mlflow.trace.spansLocation</c>
/// is <c>TRACKING_STORE</c>. No <c>mlflow.traceName</c>, <c>mlflow.traceInputs</c> or <c>mlflow.traceOutputs</c>: only the
/// trace-info call adds those.</item>
/// <item>The reply is 200 with <c>{"partialSuccess":null}</c> under a protobuf content type on 3.6 and an empty body on 3.11;
/// a missing experiment header is 422, a content type other than <c>application/x-protobuf</c> or a body without spans is 400.</item>
/// </list>
/// Not captured, so the fake's own choice: a span sent twice replaces the first copy, and the cost 3.11 adds is not computed.
/// </summary>
public sealed partial class FakeMlflowServer
{
    private const string OtlpTracesPath = "/v1/traces";
    private const string ProtobufContentType = "application/x-protobuf";
    private const string RequestIdAttribute = "mlflow.traceRequestId";

    private IResponseMessage IngestOtlp(IRequestMessage request)
    {
        if (request.Headers?.TryGetValue("x-mlflow-experiment-id", out var header) != true || header!.Count == 0)
        {
            return Error(422, "INVALID_PARAMETER_VALUE", "Missing x-mlflow-experiment-id header").Response;
        }

        var contentType = request.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (contentType != ProtobufContentType)
        {
            return Detail(400, $"Invalid Content-Type: {contentType}. Expected: {ProtobufContentType}");
        }

        var experimentId = header[0];
        try
        {
            Experiment(experimentId);
        }
        catch (FakeError error)
        {
            return error.Response;
        }

        var spans = OtlpWireReader.ReadSpans(request.BodyAsBytes ?? []);
        if (spans.Count == 0)
        {
            return Detail(400, "Invalid OpenTelemetry protobuf format - no spans found");
        }

        foreach (var group in spans.GroupBy(s => s.TraceId, StringComparer.Ordinal))
        {
            LogSpans(experimentId, "tr-" + group.Key, group.ToList());
        }

        var reply = new ResponseMessage { StatusCode = 200 };
        reply.AddHeader("Content-Type", ProtobufContentType);
        if (!Is311)
        {
            reply.BodyData = new BodyData { BodyAsString = "{\"partialSuccess\":null}", DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
        }

        return reply;
    }

    private void LogSpans(string experimentId, string traceId, List<OtlpSpan> spans)
    {
        var created = !_traces.TryGetValue(traceId, out var trace);
        if (created)
        {
            trace = new FakeTrace(experimentId, NewInfo(traceId, experimentId), [], []);
        }
        else if (trace!.Spans is null)
        {
            trace = trace with { Spans = [] };
        }

        _traces[traceId] = trace!;
        foreach (var span in spans)
        {
            var json = SpanJson(span, traceId);
            var same = trace!.Spans!.FirstOrDefault(s => (string?)s!["span_id"] == (string?)json["span_id"]);
            if (same is not null)
            {
                trace.Spans!.Remove(same);
            }

            trace.Spans!.Add(json);
        }

        DeriveInfo(trace!, created);
    }

    /// <summary>Sets the trace's times, state, previews, token usage, session and spans location from all its stored spans.</summary>
    private void DeriveInfo(FakeTrace trace, bool created)
    {
        var stored = trace.Spans!.Select(s => s!.AsObject()).ToList();
        var start = stored.Min(s => s["start_time_unix_nano"]?.GetValue<ulong>() ?? 0);
        var end = stored.Max(s => s["end_time_unix_nano"]?.GetValue<ulong>() ?? 0);
        var info = trace.Info;
        info["request_time"] = ProtoTimestamp((long)(start / 1_000_000));
        info["execution_duration"] = ProtoDuration(end > start ? (long)((end - start) / 1_000_000) : 0);

        var spans = stored.Select(SdkSpan).ToList();
        var root = spans.FirstOrDefault(s => s.ParentId is null);
        if (root is not null)
        {
            info["state"] = root.StatusCode == "STATUS_CODE_ERROR" ? "ERROR" : "OK";
            info["request_preview"] ??= TraceInfoBuilder.Preview(root.Inputs, "user");
            info["response_preview"] ??= TraceInfoBuilder.Preview(root.Outputs, "assistant");
        }
        else if (created)
        {
            info["state"] = "IN_PROGRESS";
        }

        var metadata = info["trace_metadata"] as JsonObject ?? (JsonObject)(info["trace_metadata"] = new JsonObject());
        var derived = TraceInfoBuilder.Complete(new TraceInfo { TraceId = (string)info["trace_id"]! }, spans).Metadata;
        if (derived.TryGetValue(TraceInfoBuilder.TokenUsageKey, out var usage))
        {
            metadata[TraceInfoBuilder.TokenUsageKey] = usage;
        }

        if (Is311 && metadata[SessionConversation.SessionMetadataKey] is null
            && spans.Select(s => s.Attributes.GetValueOrDefault("session.id")).OfType<JsonValue>().FirstOrDefault(v => v.GetValueKind() == JsonValueKind.String) is { } session)
        {
            metadata[SessionConversation.SessionMetadataKey] = session.GetValue<string>();
        }

        var tags = info["tags"] as JsonObject ?? (JsonObject)(info["tags"] = new JsonObject());
        tags["mlflow.trace.spansLocation"] = "TRACKING_STORE";
    }

    /// <summary>A span as MLflow returns it: snake_case OTLP JSON with each attribute read back as MLflow reads stored attributes.</summary>
    private static JsonObject SpanJson(OtlpSpan span, string traceId)
    {
        var json = new JsonObject
        {
            ["trace_id"] = Base64OfHex(span.TraceId),
            ["span_id"] = Base64OfHex(span.SpanId),
        };
        if (span.ParentSpanId is { } parent)
        {
            json["parent_span_id"] = Base64OfHex(parent);
        }

        json["name"] = span.Name;
        json["start_time_unix_nano"] = span.StartTimeUnixNano;
        if (span.EndTimeUnixNano != 0)
        {
            json["end_time_unix_nano"] = span.EndTimeUnixNano;
        }

        // The server puts the MLflow trace id first; a sent value for that key keeps the first place.
        var attributes = new List<KeyValuePair<string, object?>> { KeyValuePair.Create(RequestIdAttribute, span.Attributes.GetValueOrDefault(RequestIdAttribute, traceId)) };
        attributes.AddRange(span.Attributes.Where(a => a.Key != RequestIdAttribute));
        json["attributes"] = KeyValues(attributes, readBack: true);
        if (span.Events.Count > 0)
        {
            json["events"] = new JsonArray([.. span.Events.Select(e =>
            {
                var item = new JsonObject { ["time_unix_nano"] = e.TimeUnixNano, ["name"] = e.Name };
                if (e.Attributes.Count > 0)
                {
                    item["attributes"] = KeyValues(e.Attributes, readBack: false);
                }

                return (JsonNode)item;
            })]);
        }

        var status = new JsonObject();
        if (span.StatusCode is 1 or 2)
        {
            status["code"] = span.StatusCode == 1 ? "STATUS_CODE_OK" : "STATUS_CODE_ERROR";
        }

        if (span.StatusCode == 2 && !string.IsNullOrEmpty(span.StatusMessage))
        {
            status["message"] = span.StatusMessage;
        }

        json["status"] = status;
        return json;
    }

    private static JsonArray KeyValues(IEnumerable<KeyValuePair<string, object?>> attributes, bool readBack) =>
        new([.. attributes.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["value"] = AnyValue(readBack ? ReadBack(a.Value) : a.Value) })]);

    /// <summary>
    /// How MLflow reads a stored attribute value: an empty one (Python-falsy) is nothing, a string is parsed as JSON when it is
    /// JSON text and kept as it is otherwise, anything else is returned unchanged.
    /// </summary>
    private static object? ReadBack(object? value) => value switch
    {
        null or "" or false or 0L or 0.0 => null,
        byte[] { Length: 0 } or List<object?> { Count: 0 } or List<KeyValuePair<string, object?>> { Count: 0 } => null,
        string text => TryParseJson(text, out var parsed) ? FromJson(parsed) : text,
        _ => value,
    };

    private static bool TryParseJson(string text, out JsonNode? parsed)
    {
        try
        {
            parsed = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            parsed = null;
            return false;
        }
    }

    /// <summary>A parsed JSON value as Python's <c>json.loads</c> gives it: objects, lists, strings, booleans, integers and floats.</summary>
    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.Select(p => KeyValuePair.Create(p.Key, FromJson(p.Value))).ToList(),
        JsonArray array => array.Select(FromJson).ToList(),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ when node.ToJsonString() is var number && number.IndexOfAny(['.', 'e', 'E']) < 0 => long.Parse(number, CultureInfo.InvariantCulture),
            _ => node.GetValue<double>(),
        },
    };

    /// <summary>An OTLP AnyValue in snake_case JSON; nothing is an empty object.</summary>
    private static JsonObject AnyValue(object? value) => value switch
    {
        null => [],
        bool flag => new JsonObject { ["bool_value"] = flag },
        string text => new JsonObject { ["string_value"] = text },
        long number => new JsonObject { ["int_value"] = number },
        double number => new JsonObject { ["double_value"] = number },
        byte[] bytes => new JsonObject { ["bytes_value"] = Convert.ToBase64String(bytes) },
        List<object?> items => new JsonObject { ["array_value"] = Values(items.Select(i => (JsonNode)AnyValue(i))) },
        List<KeyValuePair<string, object?>> entries => new JsonObject { ["kvlist_value"] = Values(entries.Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = AnyValue(e.Value) })) },
        _ => throw new ArgumentException($"An OTLP value of type {value.GetType().Name} has no AnyValue form.", nameof(value)),
    };

    /// <summary><c>{"values": [...]}</c>, or <c>{}</c> for no values (proto JSON leaves an empty repeated field out).</summary>
    private static JsonObject Values(IEnumerable<JsonNode> values) => values.ToArray() is { Length: > 0 } all ? new JsonObject { ["values"] = new JsonArray(all) } : [];

    /// <summary>A stored span as the SDK's span, for the previews and token usage MLflow derives.</summary>
    private static Span SdkSpan(JsonObject span)
    {
        var attributes = (span["attributes"] as JsonArray ?? []).Select(a => a!.AsObject())
            .ToDictionary(a => (string)a["key"]!, a => Node(a["value"]), StringComparer.Ordinal);
        return new Span
        {
            SpanId = (string)span["span_id"]!,
            ParentId = (string?)span["parent_span_id"],
            Name = (string)span["name"]!,
            Inputs = attributes.GetValueOrDefault("mlflow.spanInputs")?.DeepClone(),
            Outputs = attributes.GetValueOrDefault("mlflow.spanOutputs")?.DeepClone(),
            StatusCode = (string?)span["status"]?["code"],
            Attributes = attributes,
        };
    }

    /// <summary>The JSON value an AnyValue holds.</summary>
    private static JsonNode? Node(JsonNode? anyValue) => anyValue is not JsonObject { Count: 1 } value ? null : value.First() switch
    {
        ("array_value", var array) => new JsonArray([.. (array?["values"] as JsonArray ?? []).Select(Node)]),
        ("kvlist_value", var list) => new JsonObject((list?["values"] as JsonArray ?? []).Select(e => KeyValuePair.Create((string)e!["key"]!, Node(e["value"])))),
        (_, var scalar) => scalar?.DeepClone(),
    };

    private static string Base64OfHex(string hex) => Convert.ToBase64String(Convert.FromHexString(hex));

    /// <summary>A protobuf Timestamp in JSON at millisecond precision: no fraction when the milliseconds are zero (Errata 29).</summary>
    private static string ProtoTimestamp(long milliseconds)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return time.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A protobuf Duration in JSON at millisecond precision: <c>0.140s</c>, <c>2s</c>, <c>0s</c>.</summary>
    private static string ProtoDuration(long milliseconds) => milliseconds % 1000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}.{milliseconds % 1000:000}s");

    /// <summary>A FastAPI error: <c>{"detail": message}</c>.</summary>
    private static ResponseMessage Detail(int status, string message) => Json(status, new JsonObject { ["detail"] = message });
}
