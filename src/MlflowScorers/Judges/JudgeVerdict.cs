using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>A judge's parsed reply: the <c>result</c> value and the rationale.</summary>
internal sealed record JudgeVerdict(JsonNode? Result, string Rationale);
