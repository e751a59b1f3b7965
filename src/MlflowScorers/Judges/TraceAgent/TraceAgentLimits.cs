namespace MlflowScorers.Judges.TraceAgent;

/// <summary>How far one trace-reading judge may go: tool calls in total, and tokens over all its model calls.</summary>
internal sealed record TraceAgentLimits(int MaxToolCalls, long MaxTokens);
