namespace MlflowScorers.Judges;

/// <summary>
/// A function call a judge model asked for: the call id to answer, the function name, and the arguments as the model wrote
/// them (JSON text that may be malformed; the caller checks it).
/// </summary>
internal sealed record JudgeToolCall(string Id, string Name, string Arguments);
