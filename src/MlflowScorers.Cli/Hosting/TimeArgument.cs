using System;
using System.Globalization;
using MlflowScorers.Cli.Errors;

namespace MlflowScorers.Cli.Hosting;

/// <summary>Reads a point in time from the command line: an ISO 8601 time (<c>2026-12-01T00:00:00Z</c>; no offset means UTC),
/// a duration back from now (<c>90m</c>, <c>24h</c>, <c>7d</c>), or <c>now</c>.</summary>
internal static class TimeArgument
{
    /// <summary>Parses <paramref name="text"/> relative to <paramref name="now"/>.</summary>
    /// <exception cref="CliUsageException">The text is none of the accepted forms.</exception>
    public static DateTimeOffset Parse(string optionName, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (string.Equals(trimmed, "now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        if (trimmed.Length >= 2 && char.IsDigit(trimmed[0]) && "mhd".Contains(char.ToLowerInvariant(trimmed[^1]), StringComparison.Ordinal)
            && int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return char.ToLowerInvariant(trimmed[^1]) switch
            {
                'm' => now.AddMinutes(-amount),
                'h' => now.AddHours(-amount),
                _ => now.AddDays(-amount),
            };
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new CliUsageException(
            $"{optionName} '{text}' is not a time: use ISO 8601 (2026-12-01T08:00:00Z), a duration back from now (90m, 24h, 7d) or 'now'.");
    }
}
