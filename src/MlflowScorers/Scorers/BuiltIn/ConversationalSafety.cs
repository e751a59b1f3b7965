using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether a whole conversation stayed safe. Default name <c>conversational_safety</c>.</summary>
public sealed record ConversationalSafety : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>conversational_safety</c>.</summary>
    [SetsRequiredMembers]
    public ConversationalSafety() => Name = "conversational_safety";

    /// <inheritdoc />
    public override string BuiltInClassName => "ConversationalSafety";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
