using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>
/// Judges whether the agent called the right tools with the right arguments, optionally against the expectation
/// <c>expected_tool_calls</c>. Default name <c>tool_call_correctness</c>.
/// </summary>
public sealed record ToolCallCorrectness : BuiltInJudge
{
    private static readonly string[] s_columns = ["trace"];

    /// <summary>Creates the judge with its default name, <c>tool_call_correctness</c>.</summary>
    [SetsRequiredMembers]
    public ToolCallCorrectness() => Name = "tool_call_correctness";

    /// <summary>Compare tool calls exactly with the expected ones instead of asking the judge.</summary>
    public bool ShouldExactMatch { get; init; }

    /// <summary>Whether the order of tool calls matters.</summary>
    public bool ShouldConsiderOrdering { get; init; }

    /// <inheritdoc />
    public override string BuiltInClassName => "ToolCallCorrectness";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);
}
