using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlflowScorers.Traces.Filtering;

/// <summary>
/// Parses MLflow's trace filter grammar (<c>search_traces</c>' <c>filter</c>): comparisons joined by <c>AND</c>, checked as
/// MLflow checks them, with MLflow's INVALID_PARAMETER_VALUE messages.
/// </summary>
internal static class TraceFilterParser
{
    /// <summary>The clauses of a filter; none for a null or blank filter.</summary>
    /// <exception cref="MlflowApiException">INVALID_PARAMETER_VALUE: the filter is not valid.</exception>
    public static IReadOnlyList<TraceFilterClause> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }

        var tokens = TraceFilterTokenizer.Tokenize(filter);
        var comparisons = new List<RawComparison>();
        var invalid = new List<string>();
        var lastInvalidIdentifier = -2;
        for (var i = 0; i < tokens.Count;)
        {
            if (tokens[i] is { Kind: TraceFilterTokenKind.Keyword, Value: "AND" })
            {
                i++;
            }
            else if (TryReadComparison(tokens, i, out var comparison, out var next))
            {
                comparisons.Add(comparison);
                i = next;
            }
            else
            {
                // Like sqlparse, two identifiers in a row are one clause ("a filter" is an identifier with an alias).
                var token = tokens[i];
                if (token.Kind == TraceFilterTokenKind.Identifier && lastInvalidIdentifier == i - 1)
                {
                    invalid[^1] += " " + token.Text;
                }
                else
                {
                    invalid.Add(token.Text);
                }

                lastInvalidIdentifier = token.Kind == TraceFilterTokenKind.Identifier ? i : -2;
                i++;
            }
        }

        if (invalid.Count > 0)
        {
            throw TraceFilterErrors.InvalidClauses(invalid);
        }

        return comparisons.Select(Build).ToArray();
    }

    /// <summary>Splits an identifier such as <c>tags.`my key`</c> into its entity and key, as MLflow's <c>_get_identifier</c>.</summary>
    public static (TraceFilterEntity Entity, string EntityName, string Key) ParseIdentifier(string identifier, IReadOnlyList<string> attributeKeys)
    {
        var dot = identifier.StartsWith('`') ? identifier.IndexOf('`', 1) + 1 : identifier.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot >= identifier.Length || identifier[dot] != '.')
        {
            dot = -1;
        }

        var entityName = dot < 0 ? "attribute" : TrimBackticks(identifier[..dot]);
        var key = TrimBackticks(StripQuotes(dot < 0 ? identifier : identifier[(dot + 1)..]));
        var entity = TraceFilterKeys.EntityOf(entityName) ?? throw TraceFilterErrors.InvalidEntity(entityName);
        if (entity == TraceFilterEntity.Attribute && !attributeKeys.Contains(key, StringComparer.Ordinal))
        {
            throw TraceFilterErrors.InvalidAttributeKey(key, attributeKeys);
        }

        return (entity, entityName, key);
    }

    private static string TrimBackticks(string text) =>
        text.Length >= 2 && text[0] == '`' && text[^1] == '`' ? text[1..^1] : text;

    private static string StripQuotes(string text) =>
        text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0] ? text[1..^1] : text;

    private static bool TryReadComparison(List<TraceFilterToken> tokens, int i, out RawComparison comparison, out int next)
    {
        comparison = null!;
        next = i;
        if (tokens[i].Kind != TraceFilterTokenKind.Identifier || At(tokens, i + 1) is not { } op)
        {
            return false;
        }

        var identifier = tokens[i];
        if (op.Kind == TraceFilterTokenKind.Operator || op is { Kind: TraceFilterTokenKind.Keyword, Value: "LIKE" or "ILIKE" or "RLIKE" })
        {
            if (At(tokens, i + 2) is { Kind: TraceFilterTokenKind.String or TraceFilterTokenKind.Number or TraceFilterTokenKind.Identifier } value)
            {
                comparison = new RawComparison(identifier, op.Value, value, null);
                next = i + 3;
                return true;
            }

            return false;
        }

        return op.Value switch
        {
            "IN" when op.Kind == TraceFilterTokenKind.Keyword => TryReadList(tokens, identifier, "IN", i + 2, out comparison, out next),
            "NOT" when op.Kind == TraceFilterTokenKind.Keyword && IsKeyword(At(tokens, i + 2), "IN") =>
                TryReadList(tokens, identifier, "NOT IN", i + 3, out comparison, out next),
            "IS" when op.Kind == TraceFilterTokenKind.Keyword => TryReadNullCheck(tokens, identifier, i + 2, out comparison, out next),
            _ => false,
        };
    }

    private static bool TryReadNullCheck(List<TraceFilterToken> tokens, TraceFilterToken identifier, int i, out RawComparison comparison, out int next)
    {
        var negated = IsKeyword(At(tokens, i), "NOT");
        var nullAt = negated ? i + 1 : i;
        comparison = new RawComparison(identifier, negated ? "IS NOT NULL" : "IS NULL", null, null);
        next = nullAt + 1;
        return IsKeyword(At(tokens, nullAt), "NULL");
    }

    private static bool TryReadList(
        List<TraceFilterToken> tokens, TraceFilterToken identifier, string comparator, int i, out RawComparison comparison, out int next)
    {
        comparison = null!;
        next = i;
        if (At(tokens, i)?.Kind != TraceFilterTokenKind.OpenParen)
        {
            return false;
        }

        var values = new List<TraceFilterToken>();
        for (var j = i + 1; ; j += 2)
        {
            if (At(tokens, j) is not { Kind: TraceFilterTokenKind.String } value)
            {
                return false;
            }

            values.Add(value);
            var separator = At(tokens, j + 1);
            if (separator?.Kind == TraceFilterTokenKind.CloseParen)
            {
                comparison = new RawComparison(identifier, comparator, null, values);
                next = j + 2;
                return true;
            }

            if (separator?.Kind != TraceFilterTokenKind.Comma)
            {
                return false;
            }
        }
    }

    private static TraceFilterToken? At(List<TraceFilterToken> tokens, int index) => index < tokens.Count ? tokens[index] : null;

    private static bool IsKeyword(TraceFilterToken? token, string keyword) =>
        token is { Kind: TraceFilterTokenKind.Keyword } && token.Value == keyword;

    private static TraceFilterClause Build(RawComparison raw)
    {
        var (entity, _, key) = ParseIdentifier(raw.Identifier.Value, TraceFilterKeys.SearchAttributeKeys);
        var clause = entity switch
        {
            TraceFilterEntity.Attribute => BuildAttribute(raw, key),
            TraceFilterEntity.Tag => BuildString(raw, entity, key, "tag", allowList: true, TraceFilterKeys.TagComparators),
            TraceFilterEntity.Metadata => BuildString(raw, entity, key, "request_metadata", allowList: false, TraceFilterKeys.TagComparators),
            TraceFilterEntity.Span => BuildSpan(raw, key),
            _ => BuildAssessment(raw, entity, key),
        };
        if (clause.Comparator == "RLIKE")
        {
            ValidateRegex(clause.Text!);
        }

        return clause;
    }

    private static TraceFilterClause BuildAttribute(RawComparison raw, string key)
    {
        if (raw.List is not null && !TraceFilterKeys.InComparisonAttributeKeys.Contains(key, StringComparer.Ordinal))
        {
            throw TraceFilterErrors.ListNotSupported();
        }

        if (raw.Value?.Kind == TraceFilterTokenKind.Number && !TraceFilterKeys.IsNumericAttribute(key))
        {
            throw TraceFilterErrors.NumberNotSupported();
        }

        var (entity, resolved) = TraceFilterKeys.ResolveAttribute(key);
        if (entity == TraceFilterEntity.Span)
        {
            return BuildSpan(raw, resolved);
        }

        var numeric = entity == TraceFilterEntity.Attribute && TraceFilterKeys.IsNumericAttribute(resolved);
        var comparators = entity != TraceFilterEntity.Attribute ? TraceFilterKeys.MappedAttributeComparators
            : numeric ? TraceFilterKeys.NumericComparators
            : TraceFilterKeys.StringAttributeComparators;
        RequireComparator(raw.Comparator, comparators);
        if (!numeric || raw.Value is null)
        {
            return WithOperand(new TraceFilterClause(entity, resolved, raw.Comparator), raw);
        }

        return double.TryParse(raw.Value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && raw.Value.Kind != TraceFilterTokenKind.Identifier
            ? new TraceFilterClause(entity, resolved, raw.Comparator) { Number = number }
            : throw TraceFilterErrors.ExpectedNumber(key, raw.Value.Text);
    }

    private static TraceFilterClause BuildString(
        RawComparison raw, TraceFilterEntity entity, string key, string entityName, bool allowList, IReadOnlyList<string> comparators)
    {
        if (raw.Value?.Kind == TraceFilterTokenKind.Number || (raw.List is not null && !allowList))
        {
            throw TraceFilterErrors.ExpectedQuotedString(entityName, raw.OperandText);
        }

        RequireComparator(raw.Comparator, comparators);
        return WithOperand(new TraceFilterClause(entity, key, raw.Comparator), raw);
    }

    private static TraceFilterClause BuildSpan(RawComparison raw, string key)
    {
        if (raw.Value?.Kind == TraceFilterTokenKind.Number)
        {
            throw TraceFilterErrors.ExpectedQuotedString("span", raw.OperandText);
        }

        IReadOnlyList<string> comparators;
        if (key.StartsWith(TraceFilterKeys.SpanAttributesPrefix, StringComparison.Ordinal))
        {
            comparators = key.Length > TraceFilterKeys.SpanAttributesPrefix.Length
                ? TraceFilterKeys.SpanComparators
                : throw TraceFilterErrors.EmptySpanAttributeName();
        }
        else if (TraceFilterKeys.SpanColumns.Contains(key, StringComparer.Ordinal))
        {
            comparators = TraceFilterKeys.SpanComparators;
        }
        else
        {
            comparators = key == TraceFilterKeys.SpanContentKey
                ? TraceFilterKeys.SpanContentComparators
                : throw TraceFilterErrors.InvalidSpanAttribute(key);
        }

        if (!comparators.Contains(raw.Comparator, StringComparer.Ordinal))
        {
            throw TraceFilterErrors.InvalidSpanComparator(key, raw.Comparator, comparators);
        }

        return WithOperand(new TraceFilterClause(TraceFilterEntity.Span, key, raw.Comparator), raw);
    }

    private static TraceFilterClause BuildAssessment(RawComparison raw, TraceFilterEntity entity, string key)
    {
        if (raw.Value?.Kind == TraceFilterTokenKind.Number || raw.List is not null)
        {
            throw TraceFilterErrors.ExpectedQuotedString(entity == TraceFilterEntity.Feedback ? "feedback" : "expectation", raw.OperandText);
        }

        if (key.Length == 0)
        {
            throw TraceFilterErrors.EmptyAssessmentName();
        }

        if (!TraceFilterKeys.TagComparators.Contains(raw.Comparator, StringComparer.Ordinal))
        {
            throw TraceFilterErrors.InvalidAssessmentComparator(key, raw.Comparator);
        }

        return WithOperand(new TraceFilterClause(entity, key, raw.Comparator), raw);
    }

    private static TraceFilterClause WithOperand(TraceFilterClause clause, RawComparison raw)
    {
        if (raw.Value is { Kind: TraceFilterTokenKind.Identifier } bare)
        {
            throw TraceFilterErrors.UnquotedValue(bare.Text);
        }

        return clause with { Text = raw.Value?.Value, Values = raw.List?.Select(v => v.Value).ToArray() };
    }

    private static void RequireComparator(string comparator, IReadOnlyList<string> valid)
    {
        if (!valid.Contains(comparator, StringComparer.Ordinal))
        {
            throw TraceFilterErrors.InvalidComparator(comparator, valid);
        }
    }

    private static void ValidateRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            throw TraceFilterErrors.InvalidRegex(pattern);
        }
    }

    private sealed record RawComparison(
        TraceFilterToken Identifier, string Comparator, TraceFilterToken? Value, IReadOnlyList<TraceFilterToken>? List)
    {
        public string OperandText => Value?.Text ?? (List is null ? string.Empty : "(" + string.Join(", ", List.Select(v => v.Text)) + ")");
    }
}
