using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the response is relevant to the request. Default name <c>relevance_to_query</c>.</summary>
public sealed record RelevanceToQuery : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "outputs"];

    /// <summary>Creates the judge with its default name, <c>relevance_to_query</c>.</summary>
    [SetsRequiredMembers]
    public RelevanceToQuery() => Name = "relevance_to_query";

    /// <inheritdoc />
    public override string BuiltInClassName => "RelevanceToQuery";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;
}
