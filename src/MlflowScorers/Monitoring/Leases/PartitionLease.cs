using System;
using System.Text.Json;
using MlflowScorers.Serialization;

namespace MlflowScorers.Monitoring.Leases;

/// <summary>Who holds a partition and until when; the tag value <c>{"owner", "expires_ms"}</c>.</summary>
/// <param name="Owner">The holder's instance key.</param>
/// <param name="ExpiresMs">When the lease lapses unless renewed, in Unix milliseconds.</param>
internal sealed record PartitionLease(string Owner, long ExpiresMs)
{
    public string ToJson() => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("owner", Owner);
        writer.WriteNumber("expires_ms", ExpiresMs);
        writer.WriteEndObject();
    });

    public static PartitionLease? Read(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            return new PartitionLease(root.GetProperty("owner").GetString() ?? string.Empty, root.GetProperty("expires_ms").GetInt64());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            return null;
        }
    }
}
