using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MlflowScorers.Configuration.Databricks;

/// <summary>
/// Reads <c>~/.databrickscfg</c> as the Databricks SDKs do: INI sections are profiles (names case-sensitive), keys are
/// case-insensitive, <c>key = value</c> or <c>key: value</c>, lines starting with <c>#</c> or <c>;</c> are comments, and a
/// profile does not inherit the <c>DEFAULT</c> section's keys.
/// </summary>
internal sealed class DatabricksConfigFile
{
    /// <summary>The profile used when none is named.</summary>
    public const string DefaultProfile = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, string>> _profiles;

    private DatabricksConfigFile(string path, Dictionary<string, Dictionary<string, string>> profiles)
    {
        Path = path;
        _profiles = profiles;
    }

    /// <summary>Where the file was read from.</summary>
    public string Path { get; }

    /// <summary>The profile names, sorted, for messages.</summary>
    public IReadOnlyList<string> ProfileNames => [.. _profiles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads and parses the file, or returns <see langword="null"/> when it does not exist. Synchronous: it runs once, while a
    /// client is constructed.
    /// </summary>
    public static DatabricksConfigFile? Read(string path) => File.Exists(path) ? Parse(path, File.ReadAllText(path)) : null;

    /// <summary>Parses the text of a configuration file.</summary>
    /// <exception cref="MlflowException">A line is neither a section, a key and value, a comment nor blank.</exception>
    public static DatabricksConfigFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? lastKey = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed[^1] == ']')
            {
                var name = trimmed[1..^1].Trim();
                if (!profiles.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    profiles[name] = current;
                }

                lastKey = null;
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && current is not null && lastKey is not null)
            {
                // An indented line continues the previous value, as Python's configparser reads it.
                current[lastKey] = current[lastKey] + "\n" + trimmed;
                continue;
            }

            var separator = trimmed.IndexOfAny(['=', ':']);
            if (current is null || separator <= 0)
            {
                throw new MlflowException(
                    $"Databricks configuration file {path}, line {lineNumber}: expected '[profile]' or 'key = value'. (The line's text is not shown: it may hold a secret.)");
            }

            lastKey = trimmed[..separator].Trim();
            current[lastKey] = trimmed[(separator + 1)..].Trim();
        }

        return new DatabricksConfigFile(path, profiles);
    }

    /// <summary>The default location: <c>.databrickscfg</c> in the user's home directory.</summary>
    public static string DefaultPath(string homeDirectory) => System.IO.Path.Combine(homeDirectory, ".databrickscfg");

    /// <summary>The keys and values of a profile, or <see langword="null"/> when the file has no such profile.</summary>
    public IReadOnlyDictionary<string, string>? Profile(string name) => _profiles.GetValueOrDefault(name);
}
