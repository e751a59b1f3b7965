using System;
using System.Globalization;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>
/// The protobuf JSON forms of Timestamp and Duration: RFC 3339 with 0 to 9 fraction digits (Errata 29), and seconds with an
/// optional fraction followed by <c>s</c>, such as <c>"0.250s"</c> or <c>"0s"</c>.
/// </summary>
internal static class WireTime
{
    /// <summary>Writes a time as Python's protobuf does for millisecond times: no fraction on a whole second, else three digits.</summary>
    public static string FormatMilliseconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        utc = utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a duration as Python's protobuf does for millisecond durations: <c>"1s"</c>, <c>"0.140s"</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var milliseconds = (long)duration.TotalMilliseconds;
        var seconds = (milliseconds / 1000).ToString(CultureInfo.InvariantCulture);
        return milliseconds % 1000 == 0 ? seconds + "s" : $"{seconds}.{(milliseconds % 1000).ToString("000", CultureInfo.InvariantCulture)}s";
    }

    public static DateTimeOffset? ParseTimestamp(string? text, string field, string endpoint)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Contains('T', StringComparison.Ordinal)
            ? time
            : throw new MlflowException($"The server's reply to {endpoint} has an unreadable '{field}' time: '{text}'.");
    }

    public static TimeSpan? ParseDuration(string? text, string field, string endpoint)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.EndsWith('s')
            && decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : throw new MlflowException($"The server's reply to {endpoint} has an unreadable '{field}' duration: '{text}'.");
    }
}
