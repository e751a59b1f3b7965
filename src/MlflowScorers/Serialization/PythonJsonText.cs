using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Writes JSON text the way Python's <c>json.dumps</c> does, so that what the SDK stores is exactly what MLflow stores:
/// <c>", "</c> and <c>": "</c> separators and keys in insertion order. With <c>ensure_ascii=True</c> (Python's default) every
/// character outside printable ASCII is escaped as <c>\uXXXX</c>; with <c>ensure_ascii=False</c> only control characters are.
/// </summary>
internal static class PythonJsonText
{
    /// <summary>What <c>ensure_ascii=True</c> writes as it is: printable ASCII other than the quote and the backslash.</summary>
    private static readonly SearchValues<char> s_asciiVerbatim = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>What <c>ensure_ascii=False</c> escapes: control characters, the quote and the backslash.</summary>
    private static readonly SearchValues<char> s_unicodeEscaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\");

    /// <summary>A tree as <c>json.dumps</c> writes it.</summary>
    public static string Write(JsonNode? node, bool ensureAscii = true)
    {
        var text = new StringBuilder(2048);
        Append(text, node, ensureAscii);
        return text.ToString();
    }

    /// <summary>A string-to-string map as <c>json.dumps</c> writes the dictionary.</summary>
    public static string Write(IReadOnlyDictionary<string, string> map, bool ensureAscii = true)
    {
        var text = new StringBuilder();
        AppendMembers(text, map, static (text, value, ensureAscii) => AppendString(text, value, ensureAscii), ensureAscii);
        return text.ToString();
    }

    /// <summary>A string literal as <c>json.dumps</c> writes it.</summary>
    public static string WriteString(string value, bool ensureAscii = true)
    {
        var text = new StringBuilder(value.Length + 2);
        AppendString(text, value, ensureAscii);
        return text.ToString();
    }

    /// <summary>Appends a tree in Python's form.</summary>
    public static void Append(StringBuilder text, JsonNode? node, bool ensureAscii = true)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                AppendObject(text, obj, ensureAscii);
                break;
            case JsonArray array:
                AppendArray(text, array, ensureAscii);
                break;
            case JsonValue value:
                AppendValue(text, value, ensureAscii);
                break;
        }
    }

    /// <summary>Appends a JSON string literal in Python's form.</summary>
    public static void AppendString(StringBuilder text, string value, bool ensureAscii = true)
    {
        text.Append('"');
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            // Long runs of plain text (judge instructions) are copied at once; only the characters between them are escaped.
            var run = ensureAscii ? rest.IndexOfAnyExcept(s_asciiVerbatim) : rest.IndexOfAny(s_unicodeEscaped);
            if (run < 0)
            {
                text.Append(rest);
                break;
            }

            text.Append(rest[..run]);
            AppendEscaped(text, rest[run]);
            rest = rest[(run + 1)..];
        }

        text.Append('"');
    }

    private static void AppendObject(StringBuilder text, JsonObject obj, bool ensureAscii) =>
        AppendMembers(text, obj, static (text, value, ensureAscii) => Append(text, value, ensureAscii), ensureAscii);

    /// <summary>Appends <c>{"key": value, ...}</c> in insertion order.</summary>
    private static void AppendMembers<TValue>(
        StringBuilder text,
        IEnumerable<KeyValuePair<string, TValue>> members,
        Action<StringBuilder, TValue, bool> appendValue,
        bool ensureAscii)
    {
        text.Append('{');
        var first = true;
        foreach (var (key, value) in members)
        {
            text.Append(first ? string.Empty : ", ");
            first = false;
            AppendString(text, key, ensureAscii);
            text.Append(": ");
            appendValue(text, value, ensureAscii);
        }

        text.Append('}');
    }

    private static void AppendArray(StringBuilder text, JsonArray array, bool ensureAscii)
    {
        text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ");
            Append(text, array[i], ensureAscii);
        }

        text.Append(']');
    }

    private static void AppendValue(StringBuilder text, JsonValue value, bool ensureAscii)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(text, value.GetValue<string>(), ensureAscii);
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Number:
                text.Append(value.ToJsonString());
                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON value kind {value.GetValueKind()}.");
        }
    }

    /// <summary>Escapes one character as <c>json.dumps</c> does.</summary>
    private static void AppendEscaped(StringBuilder text, char c) => text.Append(c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
    });
}
