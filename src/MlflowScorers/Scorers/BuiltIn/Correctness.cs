using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response is correct against the expectation <c>expected_response</c> or <c>expected_facts</c>. Default name <c>correctness</c>.</summary>
public sealed record Correctness : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs", "expectations"];

    /// <summary>Creates the judge with its default name, <c>correctness</c>.</summary>
    [SetsRequiredMembers]
    public Correctness() => Name = "correctness";

    /// <inheritdoc />
    public override string BuiltInClassName => "Correctness";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override bool RequiresExpectations => true;
}
