using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response is equivalent to the expectation <c>expected_response</c>; exact matches need no judge call. Default name <c>equivalence</c>.</summary>
public sealed record Equivalence : BuiltInJudge
{
    private static readonly string[] s_columns = ["outputs", "expectations"];

    /// <summary>Creates the judge with its default name, <c>equivalence</c>.</summary>
    [SetsRequiredMembers]
    public Equivalence() => Name = "equivalence";

    /// <inheritdoc />
    public override string BuiltInClassName => "Equivalence";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override bool RequiresExpectations => true;
}
