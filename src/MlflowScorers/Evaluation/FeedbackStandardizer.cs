using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers.Evaluation;

/// <summary>Turns what a code scorer returned into feedback, as MLflow's <c>standardize_scorer_value</c> does.</summary>
internal static class FeedbackStandardizer
{
    /// <summary>Converts a return value: <see langword="null"/> gives none; a primitive, a feedback or a list gives feedback.</summary>
    /// <exception cref="ArgumentException">The value is of a type a scorer may not return.</exception>
    public static IReadOnlyList<Feedback> Standardize(string scorerName, object? value)
    {
        switch (value)
        {
            case null:
                return [];
            case Feedback feedback:
                return [Rename(feedback, scorerName)];
            case string or JsonNode:
                return [FromPrimitive(scorerName, value)];
            case IEnumerable items:
                var result = new List<Feedback>();
                foreach (var item in items)
                {
                    result.Add(item is Feedback f ? Rename(f, scorerName) : FromPrimitive(scorerName, item));
                }

                return result;
            default:
                return [FromPrimitive(scorerName, value)];
        }
    }

    /// <summary>The feedback MLflow writes when a scorer throws: error code <c>SCORER_ERROR</c>, message and stack trace.</summary>
    public static Feedback FromException(string scorerName, Exception exception) => new()
    {
        Name = scorerName,
        Source = AssessmentSource.FromCode(scorerName),
        Error = new AssessmentError
        {
            ErrorCode = AssessmentError.ScorerErrorCode,
            ErrorMessage = exception.Message,
            StackTrace = exception.ToString(),
        },
    };

    private static Feedback Rename(Feedback feedback, string scorerName) =>
        feedback.Name == Feedback.DefaultName ? feedback with { Name = scorerName } : feedback;

    private static Feedback FromPrimitive(string scorerName, object? value) => new()
    {
        Name = scorerName,
        Source = AssessmentSource.FromCode(scorerName),
        Value = value switch
        {
            bool b => JsonValue.Create(b),
            string s => JsonValue.Create(s),
            int or long or short or byte or sbyte or uint or ushort or ulong => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
            float or double or decimal => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            JsonValue node => node.DeepClone(),
            _ => throw new ArgumentException(
                $"{scorerName} must return one of int, float, bool, str, Feedback, or list[Feedback]. Got {value?.GetType().Name ?? "null"}"),
        },
    };
}
