using System.Text.Json.Nodes;
using MlflowScorers.Judges;

namespace MlflowScorers.Tests.Judges;

public class PythonFormatTests
{
    [Test]
    public void Repr_Dict_UsesPythonQuotingAndLiterals() =>
        PythonFormat.Repr(JsonNode.Parse("""{"question": "What's up?", "n": 3, "x": 1.0, "ok": true, "none": null, "list": ["a", "b\n"]}"""))
            .Should().Be("""{'question': "What's up?", 'n': 3, 'x': 1.0, 'ok': True, 'none': None, 'list': ['a', 'b\n']}""");

    [Test]
    public void Repr_FloatsAndBuiltValues_MatchPython()
    {
        PythonFormat.Repr(JsonValue.Create(2.0)).Should().Be("2.0");
        PythonFormat.Repr(JsonValue.Create(0.00001)).Should().Be("1e-05");
        PythonFormat.Repr(JsonValue.Create(7L)).Should().Be("7");
        PythonFormat.Repr(JsonValue.Create("it's \"q\"")).Should().Be("'it\\'s \"q\"'");
    }

    [Test]
    public void Str_String_IsTheTextItself() => PythonFormat.Str(JsonValue.Create("plain")).Should().Be("plain");

    [Test]
    public void Dumps_Indented_MatchesJsonDumpsIndent2() =>
        PythonFormat.Dumps(JsonNode.Parse("""{"a": [1, "é"], "b": {}}"""), indent: 2)
            .Should().Be("{\n  \"a\": [\n    1,\n    \"\\u00e9\"\n  ],\n  \"b\": {}\n}");

    [Test]
    public void Dumps_Compact_UsesPythonSeparators() =>
        PythonFormat.Dumps(JsonNode.Parse("""{"a": [1, 2], "b": "x"}""")).Should().Be("{\"a\": [1, 2], \"b\": \"x\"}");

    [Test]
    public void InputsToString_Shapes_FollowMlflow()
    {
        PythonFormat.InputsToString(null).Should().Be(" ");
        PythonFormat.InputsToString(JsonValue.Create("hi")).Should().Be("hi");
        PythonFormat.InputsToString(JsonNode.Parse("""{"messages": [{"role": "user", "content": "first"}, {"role": "user", "content": "last"}]}"""))
            .Should().Be("last");
        PythonFormat.InputsToString(JsonNode.Parse("""{"question": "q"}""")).Should().Be("{'question': 'q'}");
    }

    [Test]
    public void OutputsToString_Shapes_FollowMlflow()
    {
        PythonFormat.OutputsToString(null).Should().Be(" ");
        PythonFormat.OutputsToString(JsonNode.Parse("""["first", "second"]""")).Should().Be("first");
        PythonFormat.OutputsToString(JsonNode.Parse("""{"choices": [{"message": {"role": "assistant", "content": "answer"}}]}""")).Should().Be("answer");
        PythonFormat.OutputsToString(JsonNode.Parse("""{"response": "r"}""")).Should().Be("{\"response\": \"r\"}");
    }
}
