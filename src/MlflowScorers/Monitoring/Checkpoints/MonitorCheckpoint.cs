using System;
using System.Text.Json;
using MlflowScorers.Serialization;

namespace MlflowScorers.Monitoring.Checkpoints;

/// <summary>
/// How far one partition has been scored, as MLflow's online-scoring checkpoint: every trace (or session) before
/// <see cref="TimestampMs"/>, and at that timestamp every id up to <see cref="Id"/> (every id when <see cref="Id"/> is
/// <see langword="null"/>), is done. Stored as the JSON <c>{"timestamp_ms", "id"}</c> in an experiment tag.
/// </summary>
/// <param name="TimestampMs">The timestamp in milliseconds.</param>
/// <param name="Id">The last trace or session id done at that timestamp; <see langword="null"/> for all of them.</param>
internal sealed record MonitorCheckpoint(long TimestampMs, string? Id)
{
    /// <summary>Whether an entity at this timestamp and id is already done.</summary>
    public bool Covers(long timestampMs, string id) =>
        timestampMs < TimestampMs
        || (timestampMs == TimestampMs && (Id is null || string.CompareOrdinal(id, Id) <= 0));

    /// <summary>The later of two checkpoints.</summary>
    public static MonitorCheckpoint Max(MonitorCheckpoint a, MonitorCheckpoint b) =>
        a.TimestampMs != b.TimestampMs ? (a.TimestampMs > b.TimestampMs ? a : b)
        : a.Id is null ? a
        : b.Id is null ? b
        : string.CompareOrdinal(a.Id, b.Id) >= 0 ? a : b;

    public string ToJson() => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("timestamp_ms", TimestampMs);
        writer.WriteString("id", Id);
        writer.WriteEndObject();
    });

    /// <summary>Reads a tag value; <see langword="null"/> when absent or damaged (the window then starts at the look-back limit).</summary>
    public static MonitorCheckpoint? Read(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            return new MonitorCheckpoint(root.GetProperty("timestamp_ms").GetInt64(), root.GetProperty("id").GetString());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            return null;
        }
    }
}
