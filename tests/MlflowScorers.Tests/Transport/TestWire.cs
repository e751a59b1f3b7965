using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MlflowScorers.Tests.Transport;

/// <summary>A small wire record for transport tests.</summary>
internal sealed record Probe
{
    public IReadOnlyList<string>? Items { get; init; }

    public string? Name { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Probe))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
