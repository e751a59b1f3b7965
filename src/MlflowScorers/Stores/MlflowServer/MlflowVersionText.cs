using System;
using System.Globalization;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>Reads the numeric part of an MLflow version string such as "3.6.1.dev0" or "3.11.0rc1".</summary>
internal static class MlflowVersionText
{
    public static Version? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = new int[4];
        var count = 0;
        foreach (var segment in text.Trim().Split('.'))
        {
            var digits = 0;
            while (digits < segment.Length && char.IsAsciiDigit(segment[digits]))
            {
                digits++;
            }

            if (digits == 0 || count == 4
                || !int.TryParse(segment.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                break;
            }

            count++;
            if (digits < segment.Length)
            {
                break;
            }
        }

        return count switch
        {
            0 or 1 => null,
            2 => new Version(parts[0], parts[1]),
            3 => new Version(parts[0], parts[1], parts[2]),
            _ => new Version(parts[0], parts[1], parts[2], parts[3]),
        };
    }
}
