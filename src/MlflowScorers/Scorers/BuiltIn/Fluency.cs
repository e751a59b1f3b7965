using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response reads fluently and naturally. Default name <c>fluency</c>.</summary>
public sealed record Fluency : BuiltInJudge
{
    private static readonly string[] s_columns = ["outputs"];

    /// <summary>Creates the judge with its default name, <c>fluency</c>.</summary>
    [SetsRequiredMembers]
    public Fluency() => Name = "fluency";

    /// <inheritdoc />
    public override string BuiltInClassName => "Fluency";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
