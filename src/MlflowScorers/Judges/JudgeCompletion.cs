namespace MlflowScorers.Judges;

/// <summary>A judge model's raw reply and its token usage, when the endpoint reports it.</summary>
internal sealed record JudgeCompletion(string Text, long? InputTokens, long? OutputTokens);
