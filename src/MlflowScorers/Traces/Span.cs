using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>One step of a trace: its name, type, inputs, outputs, timing and attributes.</summary>
public sealed record Span
{
    /// <summary>The span id as 16 lowercase hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>The parent span's id as lowercase hex; <see langword="null"/> for the root span.</summary>
    public string? ParentId { get; init; }

    /// <summary>The span's name.</summary>
    public required string Name { get; init; }

    /// <summary>The span type from <c>mlflow.spanType</c>.</summary>
    public SpanType SpanType { get; init; } = SpanType.Unknown;

    /// <summary>The span's inputs (<c>mlflow.spanInputs</c>).</summary>
    public JsonNode? Inputs { get; init; }

    /// <summary>The span's outputs (<c>mlflow.spanOutputs</c>).</summary>
    public JsonNode? Outputs { get; init; }

    /// <summary>The start time in nanoseconds since the Unix epoch.</summary>
    public long StartTimeUnixNano { get; init; }

    /// <summary>The end time in nanoseconds since the Unix epoch; <see langword="null"/> while the span is open.</summary>
    public long? EndTimeUnixNano { get; init; }

    /// <summary>The status code, for example <c>STATUS_CODE_OK</c>.</summary>
    public string? StatusCode { get; init; }

    /// <summary>All attributes, decoded to JSON (a string holding JSON text is parsed).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Attributes { get; init; } = new Dictionary<string, JsonNode?>();
}
