using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>A function a judge model may call: its name, what it does, and a JSON schema of its arguments.</summary>
internal sealed record JudgeToolDefinition(string Name, string Description, JsonObject Parameters);
