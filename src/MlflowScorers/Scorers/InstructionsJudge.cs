using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlflowScorers;

#pragma warning disable CA2208 // Validation helpers of init accessors name the property, which is what the caller set.

/// <summary>
/// A judge built from plain-language instructions with <c>{{ inputs }}</c>, <c>{{ outputs }}</c>, <c>{{ expectations }}</c>,
/// <c>{{ trace }}</c> or <c>{{ conversation }}</c> placeholders (Python's <c>make_judge</c>).
/// </summary>
public sealed partial record InstructionsJudge : JudgeScorer
{
    private static readonly string[] s_allowedVariables = ["inputs", "outputs", "trace", "expectations", "conversation"];
    private readonly string _instructions = null!;

    /// <summary>Creates a judge.</summary>
    /// <param name="name">The judge's name.</param>
    /// <param name="instructions">The instructions, with at least one template variable.</param>
    /// <exception cref="ArgumentException">The name or the instructions break a rule; the message names it.</exception>
    [SetsRequiredMembers]
    public InstructionsJudge(string name, string instructions)
    {
        Name = name;
        Instructions = instructions;
    }

    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.Instructions;

    /// <summary>
    /// The instructions. They must use at least one of <c>{{ inputs }}</c>, <c>{{ outputs }}</c>, <c>{{ expectations }}</c>,
    /// <c>{{ trace }}</c>, <c>{{ conversation }}</c> and no other variable; <c>conversation</c> may be combined only with
    /// <c>expectations</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The instructions break one of those rules.</exception>
    public required string Instructions
    {
        get => _instructions;
        init => _instructions = Validate(value);
    }

    /// <summary>The type of value the judge returns; <see langword="null"/> means free text.</summary>
    public FeedbackValueType? FeedbackValueType { get; init; }

    /// <summary>The template variables the instructions use, in order of first appearance.</summary>
    public IReadOnlyList<string> TemplateVariables => FindVariables(_instructions);

    /// <summary>
    /// Whether the judge scores a whole session: its instructions use <c>{{ conversation }}</c>, so it reads
    /// <see cref="ScorerContext.Session"/> and its feedback goes to the session's first trace.
    /// </summary>
    public bool IsSessionLevel => TemplateVariables.Contains("conversation");

    /// <summary>Whether the instructions use <c>{{ expectations }}</c>, which MLflow servers cannot supply online.</summary>
    public bool RequiresExpectations => TemplateVariables.Contains("expectations");

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")]
    private static partial Regex VariablePattern();

    private static List<string> FindVariables(string instructions)
    {
        var found = new List<string>();
        foreach (Match match in VariablePattern().Matches(instructions))
        {
            var variable = match.Groups[1].Value;
            if (!found.Contains(variable))
            {
                found.Add(variable);
            }
        }

        return found;
    }

    private static string Validate(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("Instructions are invalid: instructions must be a non-empty string.", nameof(Instructions));
        }

        var variables = FindVariables(value);
        if (variables.Count == 0)
        {
            throw new ArgumentException(
                "Instructions are invalid: an instructions template must contain at least one variable (e.g., {{ inputs }}, {{ outputs }}, {{ trace }}, or {{ expectations }}).",
                nameof(Instructions));
        }

        var unsupported = variables.Where(v => !s_allowedVariables.Contains(v)).ToArray();
        if (unsupported.Length > 0)
        {
            throw new ArgumentException(
                $"Instructions template contains unsupported variables: {string.Join(", ", unsupported)}. Only the following variables are allowed: {string.Join(", ", s_allowedVariables)}.",
                nameof(Instructions));
        }

        if (variables.Contains("conversation") && variables.Any(v => v is not ("conversation" or "expectations")))
        {
            throw new ArgumentException(
                "Instructions are invalid: {{ conversation }} may be combined only with {{ expectations }}.", nameof(Instructions));
        }

        return value;
    }
}
