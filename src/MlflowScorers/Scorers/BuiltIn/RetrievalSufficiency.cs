using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges, for each retriever span, whether the retrieved context is enough to produce the expected facts or response. Default name <c>retrieval_sufficiency</c>.</summary>
public sealed record RetrievalSufficiency : BuiltInJudge
{
    private static readonly string[] s_columns = ["inputs", "trace", "expectations"];

    /// <summary>Creates the judge with its default name, <c>retrieval_sufficiency</c>.</summary>
    [SetsRequiredMembers]
    public RetrievalSufficiency() => Name = "retrieval_sufficiency";

    /// <inheritdoc />
    public override string BuiltInClassName => "RetrievalSufficiency";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override bool RequiresExpectations => true;
}
