using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>A scorer's verdict: a value (or an error), a rationale and its source.</summary>
public sealed record Feedback : Assessment
{
    /// <summary>The name MLflow gives feedback that was not named; a scorer renames it to itself.</summary>
    public const string DefaultName = "feedback";

    /// <summary>Who produced it; defaults to code with the id <c>default</c>, as in MLflow.</summary>
    public override AssessmentSource Source { get; init; } = new() { SourceType = AssessmentSourceType.Code };

    /// <summary>The value: a boolean, a number, a string (for judges <c>yes</c>/<c>no</c>), or any JSON.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Why no value could be produced; <see langword="null"/> on success.</summary>
    public AssessmentError? Error { get; init; }
}
