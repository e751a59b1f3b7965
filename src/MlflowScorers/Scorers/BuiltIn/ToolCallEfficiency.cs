using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the agent's tool calls were free of redundant or wasted calls. Default name <c>tool_call_efficiency</c>.</summary>
public sealed record ToolCallEfficiency : BuiltInJudge
{
    private static readonly string[] s_columns = ["trace"];

    /// <summary>Creates the judge with its default name, <c>tool_call_efficiency</c>.</summary>
    [SetsRequiredMembers]
    public ToolCallEfficiency() => Name = "tool_call_efficiency";

    /// <inheritdoc />
    public override string BuiltInClassName => "ToolCallEfficiency";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
