using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Traces.Filtering;

/// <summary>
/// Parses <c>search_traces</c>' <c>order_by</c> (<c>timestamp_ms DESC</c>, <c>name</c>, <c>tags.env ASC</c>) and adds MLflow's
/// tie-breakers: <c>timestamp_ms DESC</c>, then <c>request_id ASC</c>, unless already ordered by them.
/// </summary>
internal static class TraceOrderByParser
{
    /// <exception cref="MlflowApiException">INVALID_PARAMETER_VALUE: a clause is not valid.</exception>
    public static IReadOnlyList<TraceOrderClause> Parse(IReadOnlyList<string>? orderBy)
    {
        var result = new List<TraceOrderClause>();
        foreach (var text in orderBy ?? [])
        {
            var clause = ParseOne(text);
            if (result.Any(c => c.Entity == clause.Entity && c.Key == clause.Key))
            {
                throw TraceFilterErrors.DuplicateOrderBy(orderBy!);
            }

            result.Add(clause);
        }

        if (!result.Any(c => c is { Entity: TraceFilterEntity.Attribute, Key: "timestamp_ms" }))
        {
            result.Add(new TraceOrderClause(TraceFilterEntity.Attribute, "timestamp_ms", Ascending: false));
        }

        if (!result.Any(c => c is { Entity: TraceFilterEntity.Attribute, Key: "request_id" }))
        {
            result.Add(new TraceOrderClause(TraceFilterEntity.Attribute, "request_id", Ascending: true));
        }

        return result;
    }

    private static TraceOrderClause ParseOne(string text)
    {
        var tokens = TraceFilterTokenizer.Tokenize(text ?? string.Empty);
        var ascending = true;
        if (tokens.Count == 2 && tokens[1].Kind == TraceFilterTokenKind.Identifier
            && tokens[1].Value.ToUpperInvariant() is "ASC" or "DESC")
        {
            ascending = tokens[1].Value.Equals("ASC", StringComparison.OrdinalIgnoreCase);
            tokens.RemoveAt(1);
        }

        if (tokens.Count != 1 || tokens[0].Kind != TraceFilterTokenKind.Identifier)
        {
            throw TraceFilterErrors.UnparsableOrderBy(text ?? string.Empty);
        }

        var (entity, entityName, key) = TraceFilterParser.ParseIdentifier(tokens[0].Value, TraceFilterKeys.OrderByAttributeKeys);
        if (entity == TraceFilterEntity.Attribute)
        {
            (entity, key) = TraceFilterKeys.ResolveAttribute(key);
        }

        return entity is TraceFilterEntity.Attribute or TraceFilterEntity.Tag or TraceFilterEntity.Metadata
            ? new TraceOrderClause(entity, key, ascending)
            : throw TraceFilterErrors.InvalidOrderByEntity(entityName, key);
    }
}
