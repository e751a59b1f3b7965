using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether a whole conversation meets every one of <see cref="Rules"/>. Default name <c>conversational_guidelines</c>.</summary>
public sealed record ConversationalGuidelines : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];
    private readonly IReadOnlyList<string> _rules = [];

    /// <summary>Creates the judge with its default name, <c>conversational_guidelines</c>.</summary>
    /// <param name="rules">The guidelines the response must meet; at least one, none empty.</param>
    /// <exception cref="System.ArgumentException">The list is empty or holds an empty item.</exception>
    [SetsRequiredMembers]
    public ConversationalGuidelines(params IReadOnlyList<string> rules)
    {
        Name = "conversational_guidelines";
        Rules = rules;
    }

    /// <summary>The guidelines the conversation must meet. At least one, none empty.</summary>
    /// <exception cref="System.ArgumentException">The list is empty or holds an empty item.</exception>
    public IReadOnlyList<string> Rules
    {
        get => _rules;
        init => _rules = ScorerValidation.NonEmptyItems(value, nameof(Rules), "Guidelines");
    }

    /// <inheritdoc />
    public override string BuiltInClassName => "ConversationalGuidelines";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override bool IsSessionLevel => true;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
