using System.Collections.Generic;

namespace MlflowScorers.Judges;

/// <summary>A judge model's raw reply, the function calls it asked for (if any), and its token usage when the endpoint reports it.</summary>
internal sealed record JudgeCompletion(string Text, long? InputTokens, long? OutputTokens)
{
    /// <summary>The function calls the model asked for; empty for a final answer.</summary>
    public IReadOnlyList<JudgeToolCall> ToolCalls { get; init; } = [];
}
