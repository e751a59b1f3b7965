using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response meets the guidelines given per row in the expectation <c>guidelines</c>. Default name <c>expectations_guidelines</c>.</summary>
public sealed record ExpectationsGuidelines : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs", "expectations"];

    /// <summary>Creates the judge with its default name, <c>expectations_guidelines</c>.</summary>
    [SetsRequiredMembers]
    public ExpectationsGuidelines() => Name = "expectations_guidelines";

    /// <inheritdoc />
    public override string BuiltInClassName => "ExpectationsGuidelines";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override bool RequiresExpectations => true;
}
