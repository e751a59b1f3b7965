using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Traces.Filtering;

/// <summary>
/// MLflow's INVALID_PARAMETER_VALUE errors for trace filters and orders, with MLflow's messages. They are raised while a
/// filter is parsed, before any I/O, so they are <see cref="MlflowException"/>s with no HTTP status.
/// </summary>
internal static class TraceFilterErrors
{
    public static MlflowException InvalidClauses(IEnumerable<string> clauses) =>
        Invalid("Invalid clause(s) in filter string: " + string.Join(", ", clauses.Select(c => $"'{c}'")));

    public static MlflowException InvalidEntity(string entity) =>
        Invalid($"Invalid entity type '{entity}'. Valid values are {TraceFilterKeys.PythonSet(TraceFilterKeys.EntityNames)}");

    public static MlflowException InvalidAttributeKey(string key, IEnumerable<string> validKeys) =>
        Invalid($"Invalid attribute key '{key}' specified. Valid keys are '{TraceFilterKeys.PythonSet(validKeys)}'");

    public static MlflowException InvalidComparator(string comparator, IEnumerable<string> valid) =>
        Invalid($"Invalid comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(valid)}'");

    public static MlflowException InvalidSpanComparator(string key, string comparator, IEnumerable<string> valid) =>
        Invalid($"span.{key} comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(valid)}'");

    public static MlflowException InvalidAssessmentComparator(string key, string comparator) =>
        Invalid($"assessment.{key} comparator '{comparator}' not one of '{TraceFilterKeys.PythonSet(TraceFilterKeys.TagComparators)}'");

    public static MlflowException InvalidSpanAttribute(string key) =>
        Invalid($"Invalid span attribute '{key}'. Supported attributes: name, status, type, attributes.<attribute_name>.");

    public static MlflowException EmptySpanAttributeName() =>
        Invalid("Span attribute name cannot be empty after 'attributes.'");

    public static MlflowException EmptyAssessmentName() => Invalid("Assessment field name cannot be empty");

    public static MlflowException UnquotedValue(string value) =>
        Invalid($"Parameter value is either not quoted or unidentified quote types used for string value {value}. "
            + "Use either single or double quotes.");

    public static MlflowException ExpectedQuotedString(string entity, string value) =>
        Invalid($"Expected a quoted string value for {entity} (e.g. 'my-value'). Got value {value}");

    public static MlflowException ListNotSupported() =>
        Invalid($"Only attributes in {TraceFilterKeys.PythonSet(TraceFilterKeys.InComparisonAttributeKeys)} "
            + "supports comparison with a list of quoted string values.");

    public static MlflowException NumberNotSupported() =>
        Invalid($"Only the '{TraceFilterKeys.PythonSet(TraceFilterKeys.NumericAttributeKeys)}' attributes support comparison with numeric values.");

    public static MlflowException ExpectedNumber(string key, string value) =>
        Invalid($"Expected numeric value type for numeric attribute: {key}. Found {value}");

    public static MlflowException InvalidRegex(string pattern) =>
        Invalid($"Invalid regular expression '{pattern}' for RLIKE.");

    public static MlflowException UnparsableOrderBy(string orderBy) =>
        Invalid($"Invalid order_by clause '{orderBy}'. Could not be parsed.");

    public static MlflowException InvalidOrderByEntity(string entity, string key) =>
        Invalid($"Invalid order_by entity `{entity}` with key `{key}`");

    public static MlflowException DuplicateOrderBy(IEnumerable<string> orderBy) =>
        Invalid("`order_by` contains duplicate fields: [" + string.Join(", ", orderBy.Select(o => $"'{o}'")) + "]");

    /// <summary>Found before any request is sent, so the error has MLflow's code and message but no HTTP status.</summary>
    private static MlflowException Invalid(string message) => new(MlflowErrorCode.InvalidParameterValue, message);
}
