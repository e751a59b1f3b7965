using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether tool calls across a conversation were efficient. Default name <c>conversational_tool_call_efficiency</c>.</summary>
public sealed record ConversationalToolCallEfficiency : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>conversational_tool_call_efficiency</c>.</summary>
    [SetsRequiredMembers]
    public ConversationalToolCallEfficiency() => Name = "conversational_tool_call_efficiency";

    /// <inheritdoc />
    public override string BuiltInClassName => "ConversationalToolCallEfficiency";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
