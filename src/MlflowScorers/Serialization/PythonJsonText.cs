using System;
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
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node)
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

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case < ' ' or > '~':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
