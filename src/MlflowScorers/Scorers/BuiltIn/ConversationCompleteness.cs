using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether a conversation addressed everything the user asked. Default name <c>conversation_completeness</c>.</summary>
public sealed record ConversationCompleteness : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>conversation_completeness</c>.</summary>
    [SetsRequiredMembers]
    public ConversationCompleteness() => Name = "conversation_completeness";

    /// <inheritdoc />
    public override string BuiltInClassName => "ConversationCompleteness";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
