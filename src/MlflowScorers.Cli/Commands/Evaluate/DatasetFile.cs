using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Errors;

namespace MlflowScorers.Cli.Commands.Evaluate;

/// <summary>Reads an evaluation dataset: a JSON array, or JSON Lines (one object per line), of rows with
/// <c>inputs</c>, <c>outputs</c> and optionally <c>expectations</c> (an object), as <c>mlflow.genai.evaluate</c> takes.</summary>
internal static class DatasetFile
{
    /// <summary>Reads the rows of <paramref name="file"/>.</summary>
    /// <exception cref="CliUsageException">The file is missing, not JSON, or a row breaks the shape.</exception>
    public static async Task<IReadOnlyList<ScorerContext>> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw new CliUsageException($"The dataset file '{file.FullName}' does not exist.");
        }

        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        var trimmed = text.TrimStart();
        var nodes = trimmed.StartsWith('[')
            ? Parse(file.Name, text, line: null) is JsonArray array ? array.ToList() : []
            : text.Split('\n').Select((l, i) => (Line: l, Number: i + 1)).Where(l => !string.IsNullOrWhiteSpace(l.Line))
                .Select(l => Parse(file.Name, l.Line, l.Number)).ToList();
        if (nodes.Count == 0)
        {
            throw new CliUsageException($"The dataset file '{file.Name}' has no rows.");
        }

        return nodes.Select((node, i) => Row(file.Name, node, i + 1)).ToList();
    }

    private static JsonNode? Parse(string fileName, string json, int? line)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{fileName}{(line is { } l ? $" line {l}" : string.Empty)} is not valid JSON: {e.Message}", e);
        }
    }

    private static ScorerContext Row(string fileName, JsonNode? node, int number)
    {
        if (node is not JsonObject row)
        {
            throw new CliUsageException($"{fileName} row {number} is not a JSON object with inputs and outputs.");
        }

        if (row["inputs"] is null && row["outputs"] is null)
        {
            throw new CliUsageException($"{fileName} row {number} has neither \"inputs\" nor \"outputs\".");
        }

        var expectations = row["expectations"] switch
        {
            null => null,
            JsonObject e => e.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal),
            _ => throw new CliUsageException($"{fileName} row {number}: \"expectations\" must be an object of named expectations."),
        };
        return new ScorerContext
        {
            Inputs = row["inputs"]?.DeepClone(),
            Outputs = row["outputs"]?.DeepClone(),
            Expectations = expectations,
        };
    }
}
