using System;
using System.Collections.Generic;
using System.Text;

namespace MlflowScorers.Databricks.Archival;

/// <summary>
/// A Unity Catalog table name, <c>catalog.schema.table</c>: three parts, each a plain identifier (letters, digits,
/// underscores) or a backtick-quoted one (any characters but periods, slashes and control characters; a backtick inside is
/// doubled), at most 255 characters each.
/// </summary>
internal static class DeltaTableName
{
    /// <summary>The longest name Unity Catalog allows for one part.</summary>
    public const int MaxPartLength = 255;

    /// <summary>Checks <paramref name="fullName"/> and returns it unchanged.</summary>
    /// <exception cref="ArgumentException">The name breaks a rule; the message names the name, the part and the rule.</exception>
    public static string Check(string fullName, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName, paramName);
        var parts = Split(fullName, paramName);
        if (parts.Count != 3)
        {
            throw Invalid(fullName, paramName, $"it has {parts.Count} part{(parts.Count == 1 ? string.Empty : "s")}, and a Unity Catalog table is named 'catalog.schema.table' (three parts separated by periods)");
        }

        string[] roles = ["catalog", "schema", "table"];
        for (var i = 0; i < 3; i++)
        {
            var (name, quoted) = parts[i];
            if (name.Length == 0)
            {
                throw Invalid(fullName, paramName, $"its {roles[i]} part is empty");
            }

            if (name.Length > MaxPartLength)
            {
                throw Invalid(fullName, paramName, $"its {roles[i]} part has {name.Length} characters, more than the {MaxPartLength} allowed");
            }

            foreach (var c in name)
            {
                var allowed = quoted ? c is not ('.' or '/') && !char.IsControl(c) : char.IsAsciiLetterOrDigit(c) || c == '_';
                if (!allowed)
                {
                    throw Invalid(fullName, paramName, quoted
                        ? $"its {roles[i]} part '{name}' contains '{c}' (quoted names may not contain periods, slashes or control characters)"
                        : $"its {roles[i]} part '{name}' contains '{c}' (unquoted names take letters, digits and underscores; quote others in backticks)");
                }
            }
        }

        return fullName;
    }

    /// <summary>Splits at periods outside backticks; a quoted part loses its backticks and its doubled backticks become one.</summary>
    private static List<(string Name, bool Quoted)> Split(string fullName, string paramName)
    {
        var parts = new List<(string, bool)>();
        var i = 0;
        while (true)
        {
            var part = new StringBuilder();
            var quoted = i < fullName.Length && fullName[i] == '`';
            if (quoted)
            {
                i++;
                while (true)
                {
                    if (i >= fullName.Length)
                    {
                        throw Invalid(fullName, paramName, "a backtick-quoted part is not closed");
                    }

                    if (fullName[i] == '`')
                    {
                        if (i + 1 < fullName.Length && fullName[i + 1] == '`')
                        {
                            part.Append('`');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    part.Append(fullName[i++]);
                }

                if (i < fullName.Length && fullName[i] != '.')
                {
                    throw Invalid(fullName, paramName, $"'{fullName[i]}' follows a closing backtick, where a period or the end belongs");
                }
            }
            else
            {
                while (i < fullName.Length && fullName[i] != '.')
                {
                    part.Append(fullName[i++]);
                }
            }

            parts.Add((part.ToString(), quoted));
            if (i >= fullName.Length)
            {
                return parts;
            }

            i++; // the period
        }
    }

    private static ArgumentException Invalid(string fullName, string paramName, string rule) =>
        new($"The Delta table name '{fullName}' is not valid: {rule}.", paramName);
}
