using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>
/// Renders JSON values the way MLflow's Python judges put them into prompts: <c>str()</c>/<c>repr()</c> of dicts and lists,
/// <c>json.dumps</c> (ASCII-escaped, optionally indented), and the input/output flattening of <c>parse_inputs_to_str</c> and
/// <c>parse_outputs_to_str</c>.
/// </summary>
internal static class PythonFormat
{
    /// <summary>Python <c>str(value)</c>: strings as they are, everything else as <c>repr</c>.</summary>
    public static string Str(JsonNode? node) => AsString(node) ?? Repr(node);

    /// <summary>Python <c>repr(value)</c> of the value converted to Python objects.</summary>
    public static string Repr(JsonNode? node)
    {
        var builder = new StringBuilder();
        WriteRepr(builder, node);
        return builder.ToString();
    }

    /// <summary>Python <c>json.dumps(value)</c>, or with <c>indent</c> when given.</summary>
    public static string Dumps(JsonNode? node, int? indent = null)
    {
        var builder = new StringBuilder();
        WriteJson(builder, node, indent, 0);
        return builder.ToString();
    }

    /// <summary>MLflow's <c>parse_inputs_to_str</c>: blank for none, text as is, the last chat message, else <c>str()</c>.</summary>
    public static string InputsToString(JsonNode? inputs)
    {
        if (inputs is null)
        {
            return " ";
        }

        if (AsString(inputs) is { } text)
        {
            return text;
        }

        if (inputs is JsonObject obj && obj["messages"] is JsonArray { Count: > 0 } messages && LastMessageContent(messages) is { } content)
        {
            return content;
        }

        return Repr(inputs);
    }

    /// <summary>
    /// MLflow's <c>parse_outputs_to_str</c>: blank for none, text as is, a list's first item, a chat completion's message
    /// content, the last chat message, else <c>json.dumps</c>.
    /// </summary>
    public static string OutputsToString(JsonNode? outputs)
    {
        switch (outputs)
        {
            case null:
                return " ";
            case JsonArray { Count: > 0 } list:
                return OutputsToString(list[0]);
            case JsonObject obj when obj["choices"] is JsonArray { Count: > 0 } choices
                && AsString(choices[0]?["message"]?["content"]) is { } content:
                return content;
            case JsonObject obj when obj["messages"] is JsonArray { Count: > 0 } messages && LastMessageContent(messages) is { } last:
                return last;
            default:
                return AsString(outputs) ?? Dumps(outputs);
        }
    }

    /// <summary>The text of a JSON string value; <see langword="null"/> for anything else.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? LastMessageContent(JsonArray messages) => AsString(messages[^1]?["content"]);

    private static void WriteRepr(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("None");
                break;
            case JsonObject obj:
                builder.Append('{');
                builder.AppendJoin(", ", obj.Select(p => StringRepr(p.Key) + ": " + Repr(p.Value)));
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                builder.AppendJoin(", ", array.Select(Repr));
                builder.Append(']');
                break;
            case JsonValue value:
                builder.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => StringRepr(value.GetValue<string>()),
                    JsonValueKind.True => "True",
                    JsonValueKind.False => "False",
                    JsonValueKind.Number => NumberText(value),
                    _ => "None",
                });
                break;
        }
    }

    private static void WriteJson(StringBuilder builder, JsonNode? node, int? indent, int depth)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                WriteContainer(builder, '{', '}', obj.Select(p => (Key: (string?)p.Key, p.Value)).ToArray(), indent, depth);
                break;
            case JsonObject:
                builder.Append("{}");
                break;
            case JsonArray { Count: > 0 } array:
                WriteContainer(builder, '[', ']', array.Select(v => (Key: (string?)null, Value: v)).ToArray(), indent, depth);
                break;
            case JsonArray:
                builder.Append("[]");
                break;
            case JsonValue value:
                builder.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => JsonString(value.GetValue<string>()),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => NumberText(value),
                    _ => "null",
                });
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteContainer(StringBuilder builder, char open, char close, (string? Key, JsonNode? Value)[] items, int? indent, int depth)
    {
        builder.Append(open);
        for (var i = 0; i < items.Length; i++)
        {
            if (indent is { } size)
            {
                builder.Append('\n').Append(' ', size * (depth + 1));
            }
            else if (i > 0)
            {
                builder.Append(' ');
            }

            if (items[i].Key is { } key)
            {
                builder.Append(JsonString(key)).Append(": ");
            }

            WriteJson(builder, items[i].Value, indent, depth + 1);
            if (i < items.Length - 1)
            {
                builder.Append(',');
            }
        }

        if (indent is { } width)
        {
            builder.Append('\n').Append(' ', width * depth);
        }

        builder.Append(close);
    }

    private static string NumberText(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            return raw.IndexOfAny(['.', 'e', 'E']) < 0 ? raw : FloatText(element.GetDouble());
        }

        if (value.TryGetValue<double>(out var d))
        {
            return FloatText(d);
        }

        if (value.TryGetValue<float>(out var f))
        {
            return FloatText(f);
        }

        if (value.TryGetValue<decimal>(out var m))
        {
            return FloatText((double)m);
        }

        return value.ToJsonString();
    }

    private static string FloatText(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var abs = Math.Abs(value);
        if (abs >= 1e15 && abs < 1e16 && Math.Floor(value) == value)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture) + ".0";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('E', StringComparison.Ordinal) ? text.Replace('E', 'e')
            : text.Contains('.', StringComparison.Ordinal) ? text
            : text + ".0";
    }

    private static string StringRepr(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\x7f')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }

    private static string JsonString(string text)
    {
        var builder = new StringBuilder().Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case '\b': builder.Append(@"\b"); break;
                case '\f': builder.Append(@"\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
