using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response addresses every part of the request. Default name <c>completeness</c>.</summary>
public sealed record Completeness : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs"];

    /// <summary>Creates the judge with its default name, <c>completeness</c>.</summary>
    [SetsRequiredMembers]
    public Completeness() => Name = "completeness";

    /// <inheritdoc />
    public override string BuiltInClassName => "Completeness";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
