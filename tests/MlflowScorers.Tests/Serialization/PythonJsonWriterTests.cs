using System.Text.Json.Nodes;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

public sealed class PythonJsonWriterTests
{
    [Test]
    public void Write_NestedObjectsAndValues_SameTextAsTheTreeWriter()
    {
        var json = new PythonJsonWriter();
        json.BeginObject();
        json.Name("a");
        json.String("caf\u00e9 \"x\"");
        json.Name("inner");
        json.BeginObject();
        json.Name("list");
        json.Strings(["p", "q"]);
        json.Name("empty");
        json.Strings([]);
        json.Name("flag");
        json.Boolean(false);
        json.EndObject();
        json.Name("n");
        json.Number(1);
        json.Name("tree");
        json.Node(new JsonArray("mean", "p90"));
        json.Name("none");
        json.String(null);
        json.EndObject();

        var tree = new JsonObject
        {
            ["a"] = "caf\u00e9 \"x\"",
            ["inner"] = new JsonObject { ["list"] = new JsonArray("p", "q"), ["empty"] = new JsonArray(), ["flag"] = false },
            ["n"] = 1,
            ["tree"] = new JsonArray("mean", "p90"),
            ["none"] = null,
        };
        json.ToString().Should().Be(PythonJsonText.Write(tree))
            .And.Be("{\"a\": \"caf\\u00e9 \\\"x\\\"\", \"inner\": {\"list\": [\"p\", \"q\"], \"empty\": [], \"flag\": false}, \"n\": 1, \"tree\": [\"mean\", \"p90\"], \"none\": null}");
    }

    [Test]
    public void ToString_UnclosedObject_Throws()
    {
        var json = new PythonJsonWriter();
        json.BeginObject();

        FluentActions.Invoking(json.ToString).Should().Throw<System.InvalidOperationException>();
    }
}
