using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response is a faithful, well-formed summary of the input. Default name <c>summarization</c>.</summary>
public sealed record Summarization : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs"];

    /// <summary>Creates the judge with its default name, <c>summarization</c>.</summary>
    [SetsRequiredMembers]
    public Summarization() => Name = "summarization";

    /// <inheritdoc />
    public override string BuiltInClassName => "Summarization";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
