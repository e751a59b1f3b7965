using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MlflowScorers.Stores.Databricks.Wire;

namespace MlflowScorers.Stores.Databricks;

/// <summary>Reading and comparing the entries of a scheduled-scorer list.</summary>
internal static class ScheduledScorerList
{
    /// <summary>The entries of a reply, from either spelling of the list; each must have a name and a payload.</summary>
    /// <exception cref="MlflowException">An entry lacks its name or payload; the message shows the entry.</exception>
    public static List<ScorerConfigDto> Entries(ScheduledScorersResponse response, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(response);
        var entries = response.ScheduledScorers?.Scorers ?? response.ScheduledScorers?.ScorersConfig?.Scorers ?? [];
        foreach (var entry in entries)
        {
            if (string.IsNullOrEmpty(entry.Name) || entry.SerializedScorer is null)
            {
                throw new MlflowException(
                    $"The reply of {endpoint} has a scorer entry without {(string.IsNullOrEmpty(entry.Name) ? "'name'" : "'serialized_scorer'")}: {Show(entry)}. The managed-evals service may have changed its response shape.");
            }
        }

        return entries;
    }

    /// <summary>The entry with <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static ScorerConfigDto? Find(IReadOnlyList<ScorerConfigDto> entries, string name) =>
        entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>Whether two lists hold the same entries (order ignored).</summary>
    public static bool SameList(IReadOnlyList<ScorerConfigDto> a, IReadOnlyList<ScorerConfigDto> b) =>
        a.Count == b.Count && a.All(x => Find(b, x.Name!) is { } y && Same(x, y));

    /// <summary>Whether two entries are equal in every field, unknown ones included.</summary>
    public static bool Same(ScorerConfigDto a, ScorerConfigDto b) =>
        a.Name == b.Name && a.SerializedScorer == b.SerializedScorer && a.SampleRate == b.SampleRate && a.FilterString == b.FilterString
        && a.Version == b.Version && (a.Builtin is null) == (b.Builtin is null) && a.Builtin?.Name == b.Builtin?.Name
        && (a.Custom is null) == (b.Custom is null) && ExtraText(a) == ExtraText(b);

    /// <summary>
    /// The names of entries of <paramref name="written"/> other than <paramref name="ours"/> that are missing or different in
    /// <paramref name="after"/>: another writer changed them after our write.
    /// </summary>
    public static IReadOnlyList<string> ChangedSince(IReadOnlyList<ScorerConfigDto> written, IReadOnlyList<ScorerConfigDto> after, string ours) =>
        written.Where(e => e.Name != ours && (Find(after, e.Name!) is not { } now || !Same(e, now))).Select(e => e.Name!).ToList();

    /// <summary>A new entry for a payload: <c>builtin</c> with the judge's scorer name for built-in judges, else <c>custom</c>.</summary>
    public static ScorerConfigDto NewEntry(string name, string serializedScorer, ScorerConfigDto? previous)
    {
        var builtinName = BuiltinName(serializedScorer, name);
        return new ScorerConfigDto
        {
            Name = name,
            SerializedScorer = serializedScorer,
            Builtin = builtinName is null ? null : new BuiltinScorerDto { Name = builtinName },
            Custom = builtinName is null ? new CustomScorerDto() : null,
            SampleRate = previous?.SampleRate ?? 0.0,
            FilterString = previous?.FilterString,
            Version = null, // no version: the service adds one
            Extra = previous?.Extra,
        };
    }

    /// <summary>An entry as text for messages; the payload is a scorer definition, which holds no credentials.</summary>
    public static string Show(ScorerConfigDto entry) =>
        JsonSerializer.Serialize(entry, ManagedEvalsJsonContext.Default.ScorerConfigDto);

    private static string? BuiltinName(string serializedScorer, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(serializedScorer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("builtin_scorer_class", out var cls) || cls.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return root.TryGetProperty("builtin_scorer_pydantic_data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : name;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ExtraText(ScorerConfigDto entry) =>
        entry.Extra is null or { Count: 0 }
            ? string.Empty
            : string.Join(",", entry.Extra.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.GetRawText()));
}
