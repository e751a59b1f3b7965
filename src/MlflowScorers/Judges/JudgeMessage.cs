using System.Collections.Generic;

namespace MlflowScorers.Judges;

/// <summary>
/// One chat message sent to a judge model. An assistant message may carry the <see cref="ToolCalls"/> the model made; a
/// <c>tool</c> message answers one of them (<see cref="ToolCallId"/>).
/// </summary>
internal sealed record JudgeMessage(string Role, string Content)
{
    /// <summary>The function calls of an assistant message; empty otherwise.</summary>
    public IReadOnlyList<JudgeToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a <c>tool</c> message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    public static JudgeMessage User(string content) => new("user", content);

    public static JudgeMessage System(string content) => new("system", content);

    /// <summary>The model's own turn, replayed so the model sees the calls it made.</summary>
    public static JudgeMessage Assistant(string content, IReadOnlyList<JudgeToolCall> toolCalls) => new("assistant", content) { ToolCalls = toolCalls };

    /// <summary>The result of one function call.</summary>
    public static JudgeMessage ToolResult(string toolCallId, string content) => new("tool", content) { ToolCallId = toolCallId };
}
