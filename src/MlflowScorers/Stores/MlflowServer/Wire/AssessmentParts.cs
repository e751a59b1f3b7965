using System.Text.Json.Nodes;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>Who produced an assessment: <c>source_type</c> (HUMAN, LLM_JUDGE, CODE) and <c>source_id</c>.</summary>
internal sealed record AssessmentSourceDto(string? SourceType, string? SourceId);

/// <summary>A feedback's value (any JSON) and error; an error-only feedback comes back as <c>{"value": null, "error": …}</c>.</summary>
internal sealed record FeedbackDto(JsonNode? Value, AssessmentErrorDto? Error);

/// <summary>An expectation's value: JSON primitives in <c>value</c>, objects, arrays and null as JSON text in <c>serialized_value</c>.</summary>
internal sealed record ExpectationDto(JsonNode? Value, SerializedValueDto? SerializedValue);

/// <summary>An expectation value serialized as text, in <c>JSON_FORMAT</c>.</summary>
internal sealed record SerializedValueDto(string? SerializationFormat, string? Value)
{
    public const string JsonFormat = "JSON_FORMAT";
}

/// <summary>Why a scorer produced no value.</summary>
internal sealed record AssessmentErrorDto(string? ErrorCode, string? ErrorMessage, string? StackTrace);
