using System;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>
/// Parses a judge's reply as MLflow does (spec §4.1 steps 4–5): trims it, drops a surrounding code fence, reads the JSON
/// object, fails on an <c>"error"</c> key, strips "Let's think step by step. " from the rationale, and normalises yes/no values.
/// </summary>
internal static class JudgeOutputParser
{
    private const string StepByStep = "Let's think step by step. ";

    private static readonly FrozenSet<string> s_affirmative =
        FrozenSet.Create(StringComparer.Ordinal, "true", "pass", "passed", "correct", "success", "1", "1.0", "yes", "y", "ok", "valid", "good", "match");

    private static readonly FrozenSet<string> s_negative =
        FrozenSet.Create(StringComparer.Ordinal, "false", "fail", "failed", "incorrect", "0", "0.0", "no", "n", "invalid", "bad", "none", "null");

    /// <summary>Parses the reply text.</summary>
    /// <exception cref="JudgeException">The reply is not a JSON object with a result, or it reports an error.</exception>
    public static JudgeVerdict Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var obj = ReadObject(reply) ?? throw new JudgeException(
            JudgeException.BadRequest, $"Failed to parse response from judge model. Response: {reply}");
        if (obj.ContainsKey("error"))
        {
            throw new JudgeException(
                JudgeException.InvalidParameterValue, $"Judge evaluation failed with error: {PythonFormat.Str(obj["error"])}");
        }

        if (!obj.TryGetPropertyValue("result", out var result))
        {
            throw new JudgeException(JudgeException.BadRequest, $"The judge's response has no \"result\". Response: {reply}");
        }

        var rationale = obj["rationale"] is { } r ? PythonFormat.Str(r) : string.Empty;
        return new JudgeVerdict(result?.DeepClone(), rationale.Replace(StepByStep, string.Empty, StringComparison.Ordinal));
    }

    /// <summary>MLflow's yes/no normalisation: affirmative words become <c>yes</c>, negative ones <c>no</c>, others <c>unknown</c>.</summary>
    public static string NormalizeYesNo(JsonNode? value)
    {
        var text = PythonFormat.Str(value).Trim().ToLowerInvariant();
        return s_affirmative.Contains(text) ? "yes" : s_negative.Contains(text) ? "no" : "unknown";
    }

    private static JsonObject? ReadObject(string reply)
    {
        var text = StripCodeFence(reply.Trim());
        if (TryParseObject(text) is { } direct)
        {
            return direct;
        }

        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        return start >= 0 && end > start ? TryParseObject(text[start..(end + 1)]) : null;
    }

    private static string StripCodeFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var lines = text.Split('\n');
        var body = new System.Collections.Generic.List<string>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                break;
            }

            body.Add(lines[i]);
        }

        return string.Join('\n', body).Trim();
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
