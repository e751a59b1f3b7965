using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>Ground truth for a trace, for example <c>expected_response</c> or <c>expected_facts</c>.</summary>
public sealed record Expectation : Assessment
{
    /// <summary>Who gave it; defaults to a human with the id <c>default</c>, as in MLflow.</summary>
    public override AssessmentSource Source { get; init; } = new() { SourceType = AssessmentSourceType.Human };

    /// <summary>The expected value, any JSON.</summary>
    public JsonNode? Value { get; init; }
}
