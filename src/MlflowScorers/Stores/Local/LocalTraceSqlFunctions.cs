using System;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// The SQL functions a trace search uses where SQLite's own operators differ from MLflow's filter semantics: a regular
/// expression match (SQLite's <c>LIKE</c> ignores ASCII case and has no <c>REGEXP</c>) and a span attribute read from the span's
/// <c>content</c> JSON.
/// </summary>
internal static class LocalTraceSqlFunctions
{
    /// <summary><c>mlflow_regex_match(pattern, options, value)</c>: whether the value (not NULL) matches; options are <see cref="RegexOptions"/>.</summary>
    public const string RegexMatch = "mlflow_regex_match";

    /// <summary><c>mlflow_span_attribute(content, key)</c>: the attribute's value as MLflow compares it, or NULL.</summary>
    public const string SpanAttribute = "mlflow_span_attribute";

    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Registers the functions on an open connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        // Regex's static methods keep recently used patterns compiled, so a pattern is parsed once per search, not per row.
        connection.CreateFunction<string, long, string?, bool>(
            RegexMatch,
            (pattern, options, value) => value is not null && Regex.IsMatch(value, pattern, (RegexOptions)options, s_regexTimeout),
            isDeterministic: true);
        connection.CreateFunction<string, string, string?>(SpanAttribute, AttributeValue, isDeterministic: true);
    }

    private static string? AttributeValue(string content, string attribute)
    {
        using var document = JsonDocument.Parse(content);
        if (!document.RootElement.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object
            || !attributes.TryGetProperty(attribute, out var value))
        {
            return null;
        }

        // MLflow stores each attribute JSON-encoded; a string attribute compares as the string itself.
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        try
        {
            using var decoded = JsonDocument.Parse(text);
            return decoded.RootElement.ValueKind == JsonValueKind.String ? decoded.RootElement.GetString() : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
