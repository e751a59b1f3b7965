using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Writes JSON text as Python's <c>json.dumps</c> does, so that columns hold exactly what an MLflow server stores:
/// <c>", "</c> and <c>": "</c> separators, and with <c>ensure_ascii</c> every non-ASCII character as <c>\uXXXX</c>.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node, bool ensureAscii = true)
    {
        var builder = new StringBuilder();
        Write(builder, node, ensureAscii);
        return builder.ToString();
    }

    public static string Dumps(IReadOnlyDictionary<string, string> map, bool ensureAscii = true)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map)
        {
            obj[key] = value;
        }

        return Dumps(obj, ensureAscii);
    }

    public static string DumpsString(string value, bool ensureAscii = true)
    {
        var builder = new StringBuilder();
        WriteString(builder, value, ensureAscii);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, bool ensureAscii)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    builder.Append(first ? string.Empty : ", ");
                    first = false;
                    WriteString(builder, key, ensureAscii);
                    builder.Append(": ");
                    Write(builder, value, ensureAscii);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Write(builder, array[i], ensureAscii);
                }

                builder.Append(']');
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(builder, node.GetValue<string>(), ensureAscii);
                }
                else
                {
                    builder.Append(node.ToJsonString());
                }

                break;
        }
    }

    private static void WriteString(StringBuilder builder, string value, bool ensureAscii)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                default:
                    if (c < ' ' || (ensureAscii && c > '\u007f'))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
