using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using MlflowScorers.Serialization;

namespace MlflowScorers.Stores.Local;

/// <summary>An assessment as read from its row (trace search filters compare its stored JSON in SQL).</summary>
/// <param name="Assessment">The assessment as an MLflow server returns it.</param>
internal sealed record LocalAssessmentRow(Assessment Assessment)
{
    public const string FeedbackType = "feedback";
    public const string ExpectationType = "expectation";

    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns =
        "assessment_id, trace_id, name, assessment_type, value, error, created_timestamp, last_updated_timestamp, source_type, "
        + "source_id, span_id, rationale, overrides, valid, assessment_metadata";

    /// <summary>Reads a row as MLflow's <c>SqlAssessments.to_mlflow_entity</c> does (an expectation has no rationale).</summary>
    public static LocalAssessmentRow Read(SqliteDataReader reader)
    {
        var valueJson = reader.GetString(4);
        var source = new AssessmentSource
        {
            SourceType = reader.GetString(8) is { Length: > 0 } type ? new AssessmentSourceType(type) : AssessmentSourceType.Code,
            SourceId = LocalSql.NullableString(reader, 9) ?? AssessmentSource.DefaultSourceId,
        };
        var metadata = LocalSql.NullableString(reader, 14) is { } metadataJson ? ReadMetadata(metadataJson) : null;
        Assessment assessment = reader.GetString(3) == ExpectationType
            ? new Expectation { Name = reader.GetString(2), Value = ParseValue(valueJson), Source = source }
            : new Feedback
            {
                Name = reader.GetString(2),
                Value = ParseValue(valueJson),
                Error = LocalSql.NullableString(reader, 5) is { } errorJson ? ReadError(errorJson) : null,
                Rationale = LocalSql.NullableString(reader, 11),
                Source = source,
            };
        assessment = assessment with
        {
            AssessmentId = reader.GetString(0),
            TraceId = reader.GetString(1),
            CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            LastUpdateTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            SpanId = LocalSql.NullableString(reader, 10),
            Overrides = LocalSql.NullableString(reader, 12),
            Valid = reader.GetBoolean(13),
            Metadata = metadata,
        };
        return new LocalAssessmentRow(assessment);
    }

    /// <summary>The <c>value</c> column for a value: <c>json.dumps(value)</c>.</summary>
    public static string ValueColumn(JsonNode? value) => PythonJsonText.Write(value);

    /// <summary>The <c>error</c> column: <c>json.dumps(error.to_dictionary())</c>, or <see langword="null"/>.</summary>
    public static string? ErrorColumn(AssessmentError? error) => error is null
        ? null
        : PythonJsonText.Write(new JsonObject
        {
            ["error_code"] = error.ErrorCode,
            ["error_message"] = error.ErrorMessage,
            ["stack_trace"] = error.StackTrace,
        });

    /// <summary>The <c>assessment_metadata</c> column: <c>json.dumps(metadata)</c>, or <see langword="null"/> when empty.</summary>
    public static string? MetadataColumn(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is { Count: > 0 } ? PythonJsonText.Write(metadata) : null;

    private static JsonNode? ParseValue(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // Python writes NaN and Infinity, which are not JSON; keep the text.
            return JsonValue.Create(json);
        }
    }

    /// <summary>The <c>assessment_metadata</c> column read back: string values as they are, others as JSON text.</summary>
    public static Dictionary<string, string> ReadMetadata(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(json) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                result[key] = value is null ? string.Empty
                    : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
                    : value.ToJsonString();
            }
        }

        return result;
    }

    private static AssessmentError ReadError(string json)
    {
        var obj = JsonNode.Parse(json) as JsonObject;
        return new AssessmentError
        {
            ErrorCode = Text(obj, "error_code") ?? string.Empty,
            ErrorMessage = Text(obj, "error_message"),
            StackTrace = Text(obj, "stack_trace"),
        };
    }

    private static string? Text(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
