using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges, for each retrieved chunk, whether it is relevant to the request, plus a precision per retriever span. Default name <c>retrieval_relevance</c>.</summary>
public sealed record RetrievalRelevance : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "trace"];

    /// <summary>Creates the judge with its default name, <c>retrieval_relevance</c>.</summary>
    [SetsRequiredMembers]
    public RetrievalRelevance() => Name = "retrieval_relevance";

    /// <inheritdoc />
    public override string BuiltInClassName => "RetrievalRelevance";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;
}
