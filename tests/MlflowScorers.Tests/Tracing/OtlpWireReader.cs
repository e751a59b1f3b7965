using System;
using System.Collections.Generic;
using System.Text;

namespace MlflowScorers.Tests.Tracing;

/// <summary>
/// One span decoded from an OTLP <c>ExportTraceServiceRequest</c>. Attribute values are <see cref="string"/>, <see cref="bool"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="byte"/> arrays, lists of values (array_value) and lists of key/value
/// pairs (kvlist_value), or <see langword="null"/> for an empty AnyValue; the dictionary keeps the order the keys were sent in.
/// </summary>
internal sealed record OtlpSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, object?> Attributes, int StatusCode)
{
    /// <summary>The span's start, in nanoseconds since the Unix epoch.</summary>
    public ulong StartTimeUnixNano { get; init; }

    /// <summary>The span's end, in nanoseconds since the Unix epoch; 0 when not sent.</summary>
    public ulong EndTimeUnixNano { get; init; }

    /// <summary>The status message, or <see langword="null"/>.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>The span's events, in order.</summary>
    public IReadOnlyList<OtlpEvent> Events { get; init; } = [];
}

/// <summary>One span event: its time in nanoseconds since the Unix epoch, its name and its attributes (values as in <see cref="OtlpSpan"/>).</summary>
internal sealed record OtlpEvent(ulong TimeUnixNano, string Name, IReadOnlyDictionary<string, object?> Attributes);

/// <summary>
/// Reads OTLP trace requests from the protobuf wire format by field number (opentelemetry/proto/trace/v1), no generated
/// classes: ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2) → Span.
/// </summary>
internal static class OtlpWireReader
{
    public static IReadOnlyList<OtlpSpan> ReadSpans(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Messages(body, 1))
        {
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                foreach (var span in Messages(scopeSpans, 2))
                {
                    spans.Add(ReadSpan(span));
                }
            }
        }

        return spans;
    }

    private static OtlpSpan ReadSpan(ReadOnlyMemory<byte> span)
    {
        string traceId = string.Empty, spanId = string.Empty, name = string.Empty;
        string? parentId = null;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var status = 0;
        string? statusMessage = null;
        ulong start = 0, end = 0;
        var events = new List<OtlpEvent>();
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(value.Bytes.Span); break;
                case 4: parentId = value.Bytes.IsEmpty ? null : Convert.ToHexStringLower(value.Bytes.Span); break;
                case 5: name = Encoding.UTF8.GetString(value.Bytes.Span); break;
                case 7: start = value.Number; break;
                case 8: end = value.Number; break;
                case 11: events.Add(ReadEvent(value.Bytes)); break;
                case 9:
                    var (key, attribute) = ReadKeyValue(value.Bytes);
                    attributes[key] = attribute;
                    break;
                case 15:
                    foreach (var (statusField, statusValue) in Fields(value.Bytes))
                    {
                        status = statusField == 3 ? (int)statusValue.Number : status;
                        statusMessage = statusField == 2 ? Encoding.UTF8.GetString(statusValue.Bytes.Span) : statusMessage;
                    }

                    break;
            }
        }

        return new OtlpSpan(traceId, spanId, parentId, name, attributes, status)
        {
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            StatusMessage = statusMessage,
            Events = events,
        };
    }

    // Span.Event: time_unix_nano(1, fixed64), name(2), attributes(3).
    private static OtlpEvent ReadEvent(ReadOnlyMemory<byte> message)
    {
        ulong time = 0;
        var name = string.Empty;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (field, value) in Fields(message))
        {
            switch (field)
            {
                case 1: time = value.Number; break;
                case 2: name = Encoding.UTF8.GetString(value.Bytes.Span); break;
                case 3:
                    var (key, attribute) = ReadKeyValue(value.Bytes);
                    attributes[key] = attribute;
                    break;
            }
        }

        return new OtlpEvent(time, name, attributes);
    }

    private static (string Key, object? Value) ReadKeyValue(ReadOnlyMemory<byte> keyValue)
    {
        string key = string.Empty;
        object? result = null;
        foreach (var (field, value) in Fields(keyValue))
        {
            if (field == 1)
            {
                key = Encoding.UTF8.GetString(value.Bytes.Span);
            }
            else if (field == 2)
            {
                result = ReadAnyValue(value.Bytes);
            }
        }

        return (key, result);
    }

    // AnyValue: string_value(1), bool_value(2), int_value(3), double_value(4), array_value(5), kvlist_value(6), bytes_value(7).
    private static object? ReadAnyValue(ReadOnlyMemory<byte> anyValue)
    {
        foreach (var (field, value) in Fields(anyValue))
        {
            switch (field)
            {
                case 1: return Encoding.UTF8.GetString(value.Bytes.Span);
                case 2: return value.Number != 0;
                case 3: return (long)value.Number;
                case 4: return BitConverter.UInt64BitsToDouble(value.Number);
                case 5: return Messages(value.Bytes, 1).ConvertAll(ReadAnyValue);
                case 6: return Messages(value.Bytes, 1).ConvertAll(KeyValuePairOf);
                case 7: return value.Bytes.ToArray();
            }
        }

        return null;
    }

    private static KeyValuePair<string, object?> KeyValuePairOf(ReadOnlyMemory<byte> keyValue)
    {
        var (key, value) = ReadKeyValue(keyValue);
        return KeyValuePair.Create(key, value);
    }

    private static List<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        foreach (var (number, value) in Fields(message))
        {
            if (number == field)
            {
                result.Add(value.Bytes);
            }
        }

        return result;
    }

    private static List<(int Field, WireValue Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, WireValue)>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = ReadVarint(span, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add((field, new WireValue(ReadVarint(span, ref position), default)));
                    break;
                case 1:
                    fields.Add((field, new WireValue(BitConverter.ToUInt64(span.Slice(position, 8)), default)));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    fields.Add((field, new WireValue(0, message.Slice(position, length))));
                    position += length;
                    break;
                case 5:
                    fields.Add((field, new WireValue(BitConverter.ToUInt32(span.Slice(position, 4)), default)));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported wire type in tag {tag}.");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    private readonly record struct WireValue(ulong Number, ReadOnlyMemory<byte> Bytes);
}
