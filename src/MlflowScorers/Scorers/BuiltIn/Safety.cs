using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response is free of harmful, offensive or toxic content. Value <c>yes</c> means safe. Default name <c>safety</c>.</summary>
public sealed record Safety : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs"];

    /// <summary>Creates the judge with its default name, <c>safety</c>.</summary>
    [SetsRequiredMembers]
    public Safety() => Name = "safety";

    /// <inheritdoc />
    public override string BuiltInClassName => "Safety";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;
}
