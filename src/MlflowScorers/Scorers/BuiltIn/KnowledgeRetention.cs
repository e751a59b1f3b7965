using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the assistant kept and used what the user said earlier in a conversation. Default name <c>knowledge_retention</c>.</summary>
public sealed record KnowledgeRetention : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>knowledge_retention</c>.</summary>
    [SetsRequiredMembers]
    public KnowledgeRetention() => Name = "knowledge_retention";

    /// <inheritdoc />
    public override string BuiltInClassName => "KnowledgeRetention";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
