using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Judges;

/// <summary>The documents a retriever span returned, and their rendering as MLflow's retrieval context.</summary>
internal static class RetrievedDocuments
{
    /// <summary>The documents of a span: items with <c>page_content</c> (and <c>metadata.doc_uri</c>), or plain strings.</summary>
    public static IReadOnlyList<(string Content, string? DocUri)> Of(Span span) =>
        span.Outputs is JsonArray items
            ? items.Select(Document).Where(d => d is not null).Select(d => d!.Value).ToArray()
            : [];

    /// <summary>Python <c>str()</c> of the list of <c>{"content": …, "doc_uri": …}</c> dicts, as MLflow's prompts show it.</summary>
    public static string AsContext(IEnumerable<(string Content, string? DocUri)> documents) =>
        PythonFormat.Repr(new JsonArray(documents
            .Select(d => (JsonNode)new JsonObject { ["content"] = d.Content, ["doc_uri"] = d.DocUri })
            .ToArray()));

    private static (string Content, string? DocUri)? Document(JsonNode? item) => item switch
    {
        JsonObject obj when PythonFormat.AsString(obj["page_content"] ?? obj["content"]) is { } content =>
            (content, PythonFormat.AsString(obj["metadata"]?["doc_uri"] ?? obj["doc_uri"])),
        _ when PythonFormat.AsString(item) is { } text => (text, null),
        _ => null,
    };
}
