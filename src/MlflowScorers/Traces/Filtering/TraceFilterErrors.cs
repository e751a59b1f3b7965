using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MlflowScorers.Traces.Filtering;

/// <summary>MLflow's INVALID_PARAMETER_VALUE errors for trace filters and orders, with MLflow's messages.</summary>
internal static class TraceFilterErrors
{
    public static MlflowApiException InvalidClauses(IEnumerable<string> clauses) =>
        Invalid("Invalid clause(s) in filter string: " + string.Join(", ", clauses.Select(c => $"'{c}'")));

    public static MlflowApiException InvalidEntity(string entity) =>
        Invalid($"Invalid entity type '{entity}'. Valid values are {TraceFilterKeys.PythonSet(TraceFilterKeys.EntityNames)}");

    public static MlflowApiException InvalidAttributeKey(string key, IEnumerable<string> validKeys) =>
        Invalid($"Invalid attribute key '{key}' specified. Valid keys are '{TraceFilterKeys.PythonSet(validKeys)}'");

    public static MlflowApiException InvalidComparator(string comparator, IEnumerable<string> valid) =>
        Invalid($"Invalid comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(valid)}'");

    public static MlflowApiException InvalidSpanComparator(string key, string comparator, IEnumerable<string> valid) =>
        Invalid($"span.{key} comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(valid)}'");

    public static MlflowApiException InvalidAssessmentComparator(string key, string comparator) =>
        Invalid($"assessment.{key} comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(TraceFilterKeys.TagComparators)}'");

    public static MlflowApiException InvalidSpanAttribute(string key) =>
        Invalid($"Invalid span attribute '{key}'. Supported attributes: name, status, type, attributes.<attribute_name>.");

    public static MlflowApiException EmptySpanAttributeName() =>
        Invalid("Span attribute name cannot be empty after 'attributes.'");

    public static MlflowApiException EmptyAssessmentName() => Invalid("Assessment field name cannot be empty");

    public static MlflowApiException UnquotedValue(string value) =>
        Invalid($"Parameter value is either not quoted or unidentified quote types used for string value {value}. "
            + "Use either single or double quotes.");

    public static MlflowApiException ExpectedQuotedString(string entity, string value) =>
        Invalid($"Expected a quoted string value for {entity} (e.g. 'my-value'). Got value {value}");

    public static MlflowApiException ListNotSupported() =>
        Invalid($"Only attributes in {TraceFilterKeys.PythonSet(TraceFilterKeys.InComparisonAttributeKeys)} "
            + "supports comparison with a list of quoted string values.");

    public static MlflowApiException NumberNotSupported() =>
        Invalid($"Only the '{TraceFilterKeys.PythonSet(TraceFilterKeys.NumericAttributeKeys)}' attributes support comparison with numeric values.");

    public static MlflowApiException ExpectedNumber(string key, string value) =>
        Invalid($"Expected numeric value type for numeric attribute: {key}. Found {value}");

    public static MlflowApiException InvalidRegex(string pattern) =>
        Invalid($"Invalid regular expression '{pattern}' for RLIKE.");

    public static MlflowApiException UnparsableOrderBy(string orderBy) =>
        Invalid($"Invalid order_by clause '{orderBy}'. Could not be parsed.");

    public static MlflowApiException InvalidOrderByEntity(string entity, string key) =>
        Invalid($"Invalid order_by entity `{entity}` with key `{key}`");

    public static MlflowApiException DuplicateOrderBy(IEnumerable<string> orderBy) =>
        Invalid("`order_by` contains duplicate fields: [" + string.Join(", ", orderBy.Select(o => $"'{o}'")) + "]");

    private static MlflowApiException Invalid(string message) =>
        new(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
}
