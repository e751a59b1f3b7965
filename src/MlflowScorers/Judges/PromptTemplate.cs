using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MlflowScorers.Judges;

/// <summary>Fills <c>{{ name }}</c> placeholders (inner whitespace allowed); values are inserted literally, unknown names stay.</summary>
internal static partial class PromptTemplate
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
