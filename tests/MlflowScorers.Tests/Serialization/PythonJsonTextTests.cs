using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

public sealed class PythonJsonTextTests
{
    [Test]
    public void Write_EscapesAndSeparatorsAsPythonJsonDumps()
    {
        var tree = new JsonObject
        {
            ["a"] = "q\"b\\n\n\t\u0001\u00e9\U0001F600\u007f\r\b\f end",
            ["n"] = new JsonArray(1, 2.5, true, null, new JsonObject()),
            ["e"] = string.Empty,
        };

        // Printed by Python 3.11: json.dumps({"a": "q\"b\\n\n\t\u0001\u00e9\U0001F600\x7f\r\b\f end", "n": [1, 2.5, True, None, {}], "e": ""})
        PythonJsonText.Write(tree).Should().Be(
            "{\"a\": \"q\\\"b\\\\n\\n\\t\\u0001\\u00e9\\ud83d\\ude00\\u007f\\r\\b\\f end\", \"n\": [1, 2.5, true, null, {}], \"e\": \"\"}");
    }

    [Test]
    public void Write_EnsureAsciiOff_EscapesOnlyControlCharactersQuotesAndBackslashes()
    {
        var tree = new JsonObject { ["a"] = "\u00e9\U0001F600\u007f\u0001\"\n", ["b"] = new JsonArray(1, null) };

        // Printed by Python 3.11: json.dumps({"a": "\u00e9\U0001F600\x7f\x01\"\n", "b": [1, None]}, ensure_ascii=False)
        PythonJsonText.Write(tree, ensureAscii: false).Should().Be("{\"a\": \"\u00e9\U0001F600\u007f\\u0001\\\"\\n\", \"b\": [1, null]}");
    }

    [Test]
    public void Write_LongPlainText_CopiedUnchanged()
    {
        var text = new string('x', 5000) + " ~ " + new string('y', 3000);

        PythonJsonText.Write(JsonValue.Create(text)).Should().Be("\"" + text + "\"");
    }
}
