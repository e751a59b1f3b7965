using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlflowScorers;

#pragma warning disable CA2208 // Validation helpers of init accessors name the property, which is what the caller set.

/// <summary>
/// A judge whose prompt offers <c>[[choice]]</c> categories, optionally mapped to numbers (Python's <c>custom_prompt_judge</c>).
/// MLflow servers cannot run it, so it always runs in .NET.
/// </summary>
public sealed partial record PromptJudge : JudgeScorer
{
    private readonly string _promptTemplate = null!;
    private readonly IReadOnlyDictionary<string, double>? _numericValues;

    /// <summary>Creates a prompt judge.</summary>
    /// <param name="name">The judge's name.</param>
    /// <param name="promptTemplate">The prompt, with <c>{{ variables }}</c> and at least one <c>[[choice]]</c>.</param>
    /// <exception cref="ArgumentException">The template has no <c>[[choice]]</c>.</exception>
    [SetsRequiredMembers]
    public PromptJudge(string name, string promptTemplate)
    {
        Name = name;
        PromptTemplate = promptTemplate;
    }

    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.Prompt;

    /// <summary>Always <see cref="ScorerHost.DotNet"/>: no MLflow backend can run a prompt judge.</summary>
    /// <exception cref="ArgumentException">Set to anything else.</exception>
    public override ScorerHost Host
    {
        get => ScorerHost.DotNet;
        init
        {
            if (value != ScorerHost.DotNet)
            {
                throw new ArgumentException("A prompt judge runs only in .NET: Host must be ScorerHost.DotNet.", nameof(Host));
            }
        }
    }

    /// <summary>The prompt, with <c>{{ variables }}</c> filled from inputs, outputs and expectations, and <c>[[choice]]</c> categories.</summary>
    /// <exception cref="ArgumentException">The template has no <c>[[choice]]</c>.</exception>
    public required string PromptTemplate
    {
        get => _promptTemplate;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(PromptTemplate));
            if (FindChoices(value).Count == 0)
            {
                throw new ArgumentException(
                    "Prompt template must include choices denoted with [[CHOICE_NAME]]. No choices found in the provided prompt template.",
                    nameof(PromptTemplate));
            }

            _promptTemplate = value;
            CheckNumericValues(_numericValues, value);
        }
    }

    /// <summary>The categories found in the template, in order.</summary>
    public IReadOnlyList<string> Choices => FindChoices(_promptTemplate);

    /// <summary>
    /// Optional numbers for the choices. When set, its keys must be exactly the choices; the feedback value is then the number
    /// and the chosen label is kept in metadata.
    /// </summary>
    /// <exception cref="ArgumentException">The keys differ from the choices.</exception>
    public IReadOnlyDictionary<string, double>? NumericValues
    {
        get => _numericValues;
        init
        {
            CheckNumericValues(value, _promptTemplate);
            _numericValues = value;
        }
    }

    [GeneratedRegex(@"\[\[([\w ]+)\]\]")]
    private static partial Regex ChoicePattern();

    private static List<string> FindChoices(string? template)
    {
        var choices = new List<string>();
        if (template is null)
        {
            return choices;
        }

        foreach (Match match in ChoicePattern().Matches(template))
        {
            if (!choices.Contains(match.Groups[1].Value))
            {
                choices.Add(match.Groups[1].Value);
            }
        }

        return choices;
    }

    private static void CheckNumericValues(IReadOnlyDictionary<string, double>? values, string? template)
    {
        if (values is null || template is null)
        {
            return;
        }

        var choices = FindChoices(template).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        var keys = values.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (!choices.SequenceEqual(keys))
        {
            throw new ArgumentException(
                $"Numeric values [{string.Join(", ", keys)}] do not match the template's choices [{string.Join(", ", choices)}]: give a number for exactly each choice.",
                nameof(NumericValues));
        }
    }
}
