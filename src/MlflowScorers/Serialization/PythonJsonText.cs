using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Serialization;

/// <summary>
/// Writes a JSON tree the way Python's <c>json.dumps</c> does with its defaults: <c>", "</c> and <c>": "</c> separators, keys in
/// insertion order, and every character outside printable ASCII escaped as <c>\uXXXX</c> (<c>ensure_ascii=True</c>).
/// </summary>
internal static class PythonJsonText
{
    /// <summary>The characters written as they are: printable ASCII other than the quote and the backslash.</summary>
    private static readonly SearchValues<char> s_verbatim = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder(2048);
        Append(text, node);
        return text.ToString();
    }

    /// <summary>Appends a tree in Python's form.</summary>
    public static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                AppendObject(text, obj);
                break;
            case JsonArray array:
                AppendArray(text, array);
                break;
            case JsonValue value:
                AppendValue(text, value);
                break;
        }
    }

    private static void AppendObject(StringBuilder text, JsonObject obj)
    {
        text.Append('{');
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            AppendString(text, key);
            text.Append(": ");
            Append(text, value);
        }

        text.Append('}');
    }

    private static void AppendArray(StringBuilder text, JsonArray array)
    {
        text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Append(text, array[i]);
        }

        text.Append(']');
    }

    private static void AppendValue(StringBuilder text, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(text, value.GetValue<string>());
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

    /// <summary>Appends a JSON string literal in Python's form (<c>ensure_ascii=True</c>).</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            // Long runs of plain text (judge instructions) are copied at once; only the characters between them are escaped.
            var run = rest.IndexOfAnyExcept(s_verbatim);
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

    /// <summary>Escapes one character as <c>json.dumps</c> does with <c>ensure_ascii=True</c>.</summary>
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
