using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Assessments;

/// <summary>
/// The one rule that turns a feedback value into a number, as MLflow's evaluation aggregates feedback: a boolean is 1 or 0, a
/// number is itself, the text <c>yes</c> or <c>no</c> (any case, nothing around it) is 1 or 0, and anything else, numeric text
/// such as <c>"0.5"</c> included, is no number.
/// </summary>
internal static class FeedbackNumbers
{
    /// <summary>The value as a number, or <see langword="null"/> when the rule gives none.</summary>
    public static double? ToNumber(JsonNode? value)
    {
        if (value is not JsonValue json)
        {
            return null;
        }

        switch (json.GetValueKind())
        {
            case JsonValueKind.True:
                return 1.0;
            case JsonValueKind.False:
                return 0.0;
            case JsonValueKind.Number:
                // A value built in .NET may hold an int or a decimal; its JSON text is always a number.
                return json.TryGetValue<double>(out var number) ? number : double.Parse(json.ToJsonString(), CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                var text = json.GetValue<string>();
                return string.Equals(text, "yes", StringComparison.OrdinalIgnoreCase) ? 1.0
                    : string.Equals(text, "no", StringComparison.OrdinalIgnoreCase) ? 0.0
                    : null;
            default:
                return null;
        }
    }

    /// <summary>Whether the value is a verdict (a boolean, or <c>yes</c>/<c>no</c>): its number is then 1 for pass, 0 for fail.</summary>
    public static bool IsPassFail(JsonNode? value) =>
        value is JsonValue json && json.GetValueKind() is not JsonValueKind.Number && ToNumber(json) is not null;
}
