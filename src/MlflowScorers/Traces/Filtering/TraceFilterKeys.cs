using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Traces.Filtering;

/// <summary>MLflow's trace search vocabulary (<c>SearchTraceUtils</c>): entity names, attribute keys and comparator sets.</summary>
internal static class TraceFilterKeys
{
    public const string TraceNameTag = "mlflow.traceName";
    public const string SourceRunMetadata = "mlflow.sourceRun";
    public const string SpanContentKey = "content";
    public const string SpanAttributesPrefix = "attributes.";

    public static readonly IReadOnlyList<string> EntityNames =
    [
        "tag", "request_metadata", "attribute", "span", "feedback", "expectation", "tags", "attributes", "trace", "metadata",
    ];

    public static readonly IReadOnlyList<string> SearchAttributeKeys =
    [
        "request_id", "timestamp", "timestamp_ms", "execution_time", "execution_time_ms", "end_time", "end_time_ms", "status",
        "client_request_id", "name", "run_id", "text",
    ];

    public static readonly IReadOnlyList<string> OrderByAttributeKeys =
    [
        "experiment_id", "timestamp", "timestamp_ms", "execution_time", "execution_time_ms", "end_time", "end_time_ms", "status",
        "request_id", "name", "run_id",
    ];

    public static readonly IReadOnlyList<string> NumericAttributeKeys =
        ["timestamp_ms", "timestamp", "execution_time_ms", "execution_time", "end_time_ms", "end_time"];

    public static readonly IReadOnlyList<string> InComparisonAttributeKeys = ["name", "status", "request_id", "run_id", "client_request_id"];

    public static readonly IReadOnlyList<string> NumericComparators = ["=", "!=", ">", ">=", "<", "<="];

    public static readonly IReadOnlyList<string> StringAttributeComparators = ["=", "!=", "LIKE", "ILIKE", "RLIKE", "IN", "NOT IN"];

    public static readonly IReadOnlyList<string> MappedAttributeComparators =
        ["=", "!=", "LIKE", "ILIKE", "RLIKE", "IN", "NOT IN", "IS NULL", "IS NOT NULL"];

    public static readonly IReadOnlyList<string> TagComparators = ["=", "!=", "LIKE", "ILIKE", "RLIKE", "IS NULL", "IS NOT NULL"];

    public static readonly IReadOnlyList<string> SpanComparators = ["=", "!=", "LIKE", "ILIKE", "RLIKE", "IN", "NOT IN"];

    public static readonly IReadOnlyList<string> SpanContentComparators = ["LIKE", "ILIKE"];

    public static readonly IReadOnlyList<string> SpanColumns = ["name", "type", "status"];

    /// <summary>The entity an entity name stands for, or <see langword="null"/> for an unknown name.</summary>
    public static TraceFilterEntity? EntityOf(string name) => name switch
    {
        "attribute" or "attributes" or "trace" => TraceFilterEntity.Attribute,
        "tag" or "tags" => TraceFilterEntity.Tag,
        "metadata" or "request_metadata" => TraceFilterEntity.Metadata,
        "span" => TraceFilterEntity.Span,
        "feedback" => TraceFilterEntity.Feedback,
        "expectation" => TraceFilterEntity.Expectation,
        _ => null,
    };

    /// <summary>Resolves MLflow's aliases of an attribute key to the entity and key it stands for.</summary>
    public static (TraceFilterEntity Entity, string Key) ResolveAttribute(string key) => key.ToLowerInvariant() switch
    {
        "name" => (TraceFilterEntity.Tag, TraceNameTag),
        "run_id" => (TraceFilterEntity.Metadata, SourceRunMetadata),
        "text" => (TraceFilterEntity.Span, SpanContentKey),
        "timestamp" => (TraceFilterEntity.Attribute, "timestamp_ms"),
        "execution_time" => (TraceFilterEntity.Attribute, "execution_time_ms"),
        "end_time" => (TraceFilterEntity.Attribute, "end_time_ms"),
        _ => (TraceFilterEntity.Attribute, key),
    };

    public static bool IsNumericAttribute(string key) => NumericAttributeKeys.Contains(key, StringComparer.Ordinal);

    /// <summary>Formats a list as Python prints a set of strings: <c>{'a', 'b'}</c>.</summary>
    public static string PythonSet(IEnumerable<string> values) => "{" + string.Join(", ", values.Select(v => $"'{v}'")) + "}";
}
