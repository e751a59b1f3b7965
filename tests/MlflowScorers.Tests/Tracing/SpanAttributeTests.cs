using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Tracing;

/// <summary>Span attributes keep their types: only the JSON-text attributes of MLflow's convention are parsed.</summary>
[NonParallelizable]
public sealed class SpanAttributeTests
{
    [Test]
    public void StringAttributes_StayStrings_EvenWhenTheyLookLikeJson()
    {
        var writer = new FakeTraceWriter();
        using (var harness = new TracingHarness(writer))
        {
            using (var root = harness.Source.StartActivity("app")!)
            {
                root.SetTag("app.order_id", "123");
                root.SetTag("app.flag", "true");
                root.SetTag("app.payload", "{\"a\": 1}");
                root.SetTag("app.count", 123);
                root.SetTag("mlflow.spanInputs", "{\"q\": 1}");
            }

            harness.Flush();
        }

        var span = writer.Traces.Should().ContainSingle().Subject.RootSpan!;
        Kind(span, "app.order_id").Should().Be(JsonValueKind.String);
        span.Attributes["app.order_id"]!.GetValue<string>().Should().Be("123");
        Kind(span, "app.flag").Should().Be(JsonValueKind.String);
        Kind(span, "app.payload").Should().Be(JsonValueKind.String);
        Kind(span, "app.count").Should().Be(JsonValueKind.Number);
        span.Inputs!["q"]!.GetValue<int>().Should().Be(1);
    }

    private static JsonValueKind Kind(Span span, string key) => span.Attributes[key]!.GetValueKind();
}
