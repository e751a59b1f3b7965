using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowScorers.Serialization;
using MlflowScorers.Stores.MlflowServer.Wire;
using MlflowScorers.Traces;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Maps assessments between the SDK's models and MLflow's Assessment JSON, in both directions.</summary>
internal static class AssessmentWireMapper
{
    private const string LegacyJudgeSourceType = "AI_JUDGE";

    /// <summary>The create body, as the Python client builds it: both times set to now (milliseconds), <c>valid</c> sent.</summary>
    public static AssessmentDto ToCreateDto(Assessment assessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var time = WireTime.FormatMilliseconds(now);
        return new AssessmentDto
        {
            AssessmentName = assessment.Name,
            TraceId = assessment.TraceId,
            SpanId = ToHexSpanId(assessment.SpanId),
            Source = new AssessmentSourceDto(assessment.Source.SourceType.ToString(), assessment.Source.SourceId),
            CreateTime = time,
            LastUpdateTime = time,
            Feedback = assessment is Feedback feedback ? ToDto(feedback.Value, feedback.Error) : null,
            Expectation = assessment is Expectation expectation ? ToDto(expectation.Value) : null,
            Rationale = assessment.Rationale,
            Metadata = assessment.Metadata,
            Valid = assessment.Valid,
            Overrides = assessment.Overrides,
        };
    }

    /// <summary>The PATCH body: only the update's set fields, and the mask naming them in MLflow's order.</summary>
    public static UpdateAssessmentRequest ToUpdateRequest(string traceId, string assessmentId, AssessmentUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsEmpty)
        {
            throw new ArgumentException("The update changes nothing.", nameof(update));
        }

        var mask = new List<string>();
        if (update.Name is not null)
        {
            mask.Add("assessmentName");
        }

        if (update.Value is { IsExpectation: true })
        {
            mask.Add("expectation");
        }
        else if (update.Value is not null)
        {
            mask.Add("feedback");
        }

        if (update.Rationale is not null)
        {
            mask.Add("rationale");
        }

        if (update.Metadata is not null)
        {
            mask.Add("metadata");
        }

        if (update.Valid is not null)
        {
            mask.Add("valid");
        }

        var dto = new AssessmentDto
        {
            AssessmentId = assessmentId,
            TraceId = traceId,
            AssessmentName = update.Name,
            Feedback = update.Value is { IsExpectation: false } feedback ? ToDto(feedback.Value, feedback.Error) : null,
            Expectation = update.Value is { IsExpectation: true } expectation ? ToDto(expectation.Value) : null,
            Rationale = update.Rationale,
            Metadata = update.Metadata,
            Valid = update.Valid,
        };
        return new UpdateAssessmentRequest(dto, string.Join(',', mask));
    }

    /// <summary>Reads an assessment; <see langword="null"/> when it is neither feedback nor an expectation.</summary>
    public static Assessment? ToModel(AssessmentDto dto, string? traceId, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(dto);
        Assessment? result = dto switch
        {
            { Expectation: { } expectation } => new Expectation { Name = dto.AssessmentName ?? string.Empty, Value = ReadValue(expectation, endpoint) },
            { Feedback: { } feedback } => new Feedback
            {
                Name = dto.AssessmentName ?? string.Empty,
                Value = feedback.Value?.DeepClone(),
                Error = ToModel(feedback.Error ?? dto.Error),
            },
            _ => null,
        };
        if (result is null)
        {
            return null;
        }

        result = result with
        {
            Rationale = dto.Rationale,
            Metadata = dto.Metadata is { } metadata ? new Dictionary<string, string>(metadata, StringComparer.Ordinal) : null,
            TraceId = dto.TraceId ?? traceId,
            SpanId = dto.SpanId,
            AssessmentId = dto.AssessmentId,
            CreateTime = WireTime.ParseTimestamp(dto.CreateTime, "create_time", endpoint),
            LastUpdateTime = WireTime.ParseTimestamp(dto.LastUpdateTime, "last_update_time", endpoint),
            Valid = dto.Valid ?? true,
            Overrides = dto.Overrides,
        };
        return dto.Source is { } source ? result with { Source = ToModel(source, result.Source.SourceType) } : result;
    }

    /// <summary>Reads the assessment of a create, get or update reply, which must be feedback or an expectation.</summary>
    public static Assessment Required(AssessmentEnvelope envelope, string traceId, string endpoint)
    {
        var dto = WireMapper.Required(envelope.Assessment, "assessment", endpoint);
        return ToModel(dto, traceId, endpoint)
            ?? throw new MlflowException($"The server's reply to {endpoint} holds an assessment that is neither feedback nor an expectation.");
    }

    private static FeedbackDto ToDto(JsonNode? value, AssessmentError? error) => new(
        value?.DeepClone(),
        error is null ? null : new AssessmentErrorDto(error.ErrorCode, error.ErrorMessage, error.StackTrace));

    /// <summary>JSON primitives travel in <c>value</c>; objects, arrays and null as JSON text (Python's spacing), as Python sends them.</summary>
    private static ExpectationDto ToDto(JsonNode? value) =>
        value?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? new ExpectationDto(value.DeepClone(), null)
            : new ExpectationDto(null, new SerializedValueDto(SerializedValueDto.JsonFormat, PythonJsonText.Write(value)));

    private static JsonNode? ReadValue(ExpectationDto expectation, string endpoint)
    {
        if (expectation.Value is { } value)
        {
            return value.DeepClone();
        }

        if (expectation.SerializedValue?.Value is not { } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new MlflowException($"The server's reply to {endpoint} has an expectation whose serialized_value is not JSON.", ex);
        }
    }

    private static AssessmentError? ToModel(AssessmentErrorDto? error) => error is null
        ? null
        : new AssessmentError { ErrorCode = error.ErrorCode ?? string.Empty, ErrorMessage = error.ErrorMessage, StackTrace = error.StackTrace };

    private static AssessmentSource ToModel(AssessmentSourceDto source, AssessmentSourceType defaultType) => new()
    {
        SourceType = source.SourceType switch
        {
            null or "" => defaultType,
            var type when type.Equals(LegacyJudgeSourceType, StringComparison.OrdinalIgnoreCase) => AssessmentSourceType.LlmJudge,
            var type => new AssessmentSourceType(type),
        },
        SourceId = string.IsNullOrEmpty(source.SourceId) ? AssessmentSource.DefaultSourceId : source.SourceId,
    };

    private static string? ToHexSpanId(string? spanId)
    {
        if (spanId is null)
        {
            return null;
        }

        try
        {
            return TraceJsonParser.NormalizeSpanId(spanId);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The span id '{spanId}' is neither 16 hex characters nor base64.", nameof(spanId), ex);
        }
    }
}
