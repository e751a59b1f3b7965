using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>What a scorer sees for one row or trace: its inputs, outputs and expectations.</summary>
public sealed record ScorerContext
{
    /// <summary>The request: the root span's inputs, or the dataset row's inputs.</summary>
    public JsonNode? Inputs { get; init; }

    /// <summary>The response: the root span's outputs, or the dataset row's outputs.</summary>
    public JsonNode? Outputs { get; init; }

    /// <summary>Ground truth by name (for example <c>expected_response</c>), from the dataset or the trace's human expectations.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? Expectations { get; init; }

    /// <summary>The id of the trace being scored, when scoring a trace.</summary>
    public string? TraceId { get; init; }
}
