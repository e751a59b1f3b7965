using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>
/// Judges whether the response meets every one of <see cref="Rules"/> (plain-language guidelines). Value <c>yes</c> when all
/// applicable guidelines are met. Default name <c>guidelines</c>.
/// </summary>
public sealed record Guidelines : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs"];
    private readonly IReadOnlyList<string> _rules = [];

    /// <summary>Creates the judge with its default name, <c>guidelines</c>.</summary>
    /// <param name="rules">The guidelines the response must meet; at least one, none empty.</param>
    /// <exception cref="System.ArgumentException">The list is empty or holds an empty item.</exception>
    [SetsRequiredMembers]
    public Guidelines(params IReadOnlyList<string> rules)
    {
        Name = "guidelines";
        Rules = rules;
    }

    /// <summary>The guidelines the response must meet (MLflow's <c>guidelines</c>). At least one, none empty.</summary>
    /// <exception cref="System.ArgumentException">The list is empty or holds an empty item.</exception>
    public IReadOnlyList<string> Rules
    {
        get => _rules;
        init => _rules = ScorerValidation.NonEmptyItems(value, nameof(Rules), "Guidelines");
    }

    /// <inheritdoc />
    public override string BuiltInClassName => "Guidelines";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;
}
