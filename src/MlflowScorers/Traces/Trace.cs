using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowScorers;

/// <summary>A recorded request: its <see cref="Info"/> and its spans. Read-only.</summary>
public sealed record Trace
{
    /// <summary>The trace's header.</summary>
    public required TraceInfo Info { get; init; }

    /// <summary>The spans, in the order the backend returned them.</summary>
    public IReadOnlyList<Span> Spans { get; init; } = [];

    /// <summary>The trace id (shorthand for <c>Info.TraceId</c>).</summary>
    public string TraceId => Info.TraceId;

    /// <summary>The root span: the span without a parent; <see langword="null"/> for a trace without spans.</summary>
    public Span? RootSpan => Spans.FirstOrDefault(s => s.ParentId is null);

    /// <summary>The request as MLflow derives it: the root span's inputs, else the <c>mlflow.traceInputs</c> metadata.</summary>
    public JsonNode? Inputs => RootSpan is { } root ? root.Inputs : FromMetadata("mlflow.traceInputs");

    /// <summary>The response as MLflow derives it: the root span's outputs, else the <c>mlflow.traceOutputs</c> metadata.</summary>
    public JsonNode? Outputs => RootSpan is { } root ? root.Outputs : FromMetadata("mlflow.traceOutputs");

    /// <summary>The spans of one type.</summary>
    /// <param name="spanType">The type, for example <see cref="SpanType.Retriever"/>.</param>
    /// <returns>The matching spans, in order.</returns>
    public IReadOnlyList<Span> FindSpans(SpanType spanType) => Spans.Where(s => s.SpanType == spanType).ToArray();

    /// <summary>The retriever spans that have no retriever span above them, as MLflow's retrieval judges use them.</summary>
    /// <returns>The top-level retriever spans, in order.</returns>
    public IReadOnlyList<Span> FindTopLevelRetrieverSpans()
    {
        var byId = Spans.ToDictionary(s => s.SpanId, StringComparer.Ordinal);
        return Spans.Where(s => s.SpanType == SpanType.Retriever && !HasRetrieverAncestor(s, byId)).ToArray();
    }

    /// <summary>The expectations people attached to the trace (source <c>HUMAN</c>), by name; the latest of a name wins.</summary>
    /// <returns>The expectations.</returns>
    public IReadOnlyDictionary<string, JsonNode?> GetHumanExpectations()
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var expectation in Info.Assessments.OfType<Expectation>())
        {
            if (expectation.Source.SourceType == AssessmentSourceType.Human)
            {
                result[expectation.Name] = expectation.Value?.DeepClone();
            }
        }

        return result;
    }

    private static bool HasRetrieverAncestor(Span span, Dictionary<string, Span> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var parentId = span.ParentId; parentId is not null && seen.Add(parentId) && byId.TryGetValue(parentId, out var parent);
             parentId = parent.ParentId)
        {
            if (parent.SpanType == SpanType.Retriever)
            {
                return true;
            }
        }

        return false;
    }

    private JsonNode? FromMetadata(string key)
    {
        if (!Info.Metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
