using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowScorers.Stores.Databricks.Wire;

/// <summary>
/// One entry of the scheduled-scorer list. Fields the SDK does not know are kept in <see cref="Extra"/> and written back
/// unchanged, so a whole-list write never drops what another client stored.
/// </summary>
internal sealed record ScorerConfigDto
{
    public string? Name { get; set; }

    public string? SerializedScorer { get; set; }

    public BuiltinScorerDto? Builtin { get; set; }

    public CustomScorerDto? Custom { get; set; }

    public double? SampleRate { get; set; }

    public string? FilterString { get; set; }

    public int? Version { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Marks a built-in judge: its class's scorer name.</summary>
internal sealed record BuiltinScorerDto
{
    public string? Name { get; set; }
}

/// <summary>Marks any other scorer; an empty object on the wire.</summary>
internal sealed record CustomScorerDto;
