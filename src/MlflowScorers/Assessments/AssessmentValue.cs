using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>A new value for an assessment: a feedback value (and optional error) or an expectation value.</summary>
public sealed record AssessmentValue
{
    private AssessmentValue(bool isExpectation, JsonNode? value, AssessmentError? error)
    {
        IsExpectation = isExpectation;
        Value = value;
        Error = error;
    }

    /// <summary>Whether this is an expectation's value (otherwise a feedback's).</summary>
    public bool IsExpectation { get; }

    /// <summary>The value; any JSON.</summary>
    public JsonNode? Value { get; }

    /// <summary>For feedback: an error in place of, or beside, the value.</summary>
    public AssessmentError? Error { get; }

    /// <summary>A feedback value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="error">An optional error.</param>
    /// <returns>The value.</returns>
    public static AssessmentValue ForFeedback(JsonNode? value, AssessmentError? error = null) => new(false, value, error);

    /// <summary>An expectation value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public static AssessmentValue ForExpectation(JsonNode? value) => new(true, value, null);
}
