using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges, for each retriever span, whether the response is grounded in the retrieved context. Default name <c>retrieval_groundedness</c>.</summary>
public sealed record RetrievalGroundedness : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "trace"];

    /// <summary>Creates the judge with its default name, <c>retrieval_groundedness</c>.</summary>
    [SetsRequiredMembers]
    public RetrievalGroundedness() => Name = "retrieval_groundedness";

    /// <inheritdoc />
    public override string BuiltInClassName => "RetrievalGroundedness";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;
}
