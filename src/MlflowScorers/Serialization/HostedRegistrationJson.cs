using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace MlflowScorers.Serialization;

/// <summary>
/// The tag value of a .NET-hosted scorer's registration:
/// <c>{"format", "name", "version", "sample_rate", "filter_string", "creation_time", "definition", "versions"}</c>, where
/// <c>definition</c> is the latest definition as a JSON object and <c>versions</c> lists
/// <c>{"version", "creation_time", "definition"}</c> ascending; a version whose definition equals the latest one leaves its
/// <c>definition</c> out. Times are ISO 8601 with offset.
/// </summary>
internal static class HostedRegistrationJson
{
    /// <summary>
    /// Writes the registration within <see cref="HostedScorerCodec.MaxTagValueLength"/> characters, leaving out the oldest
    /// versions as needed; the latest version is always kept.
    /// </summary>
    /// <exception cref="ArgumentException">The registration is too long even without any older version.</exception>
    public static string Write(HostedScorerRegistration registration)
    {
        var versions = registration.Versions.ToList();
        while (true)
        {
            var json = WriteAll(registration, versions);
            if (json.Length <= HostedScorerCodec.MaxTagValueLength)
            {
                return json;
            }

            var oldest = versions.FindIndex(v => v.Version != registration.Version);
            if (oldest < 0)
            {
                throw new ArgumentException(
                    $"Scorer '{registration.Name}' cannot be registered in an experiment tag: its latest definition needs {json.Length} characters and MLflow allows at most {HostedScorerCodec.MaxTagValueLength} in a tag value. Shorten its description, prompt or instructions.",
                    nameof(registration));
            }

            versions.RemoveAt(oldest);
        }
    }

    public static HostedScorerRegistration? Read(string tagValue)
    {
        try
        {
            using var document = JsonDocument.Parse(tagValue);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != HostedScorerCodec.Format)
            {
                return null;
            }

            var definition = root.GetProperty("definition").GetRawText();
            return new HostedScorerRegistration
            {
                Name = root.GetProperty("name").GetString() ?? throw new FormatException("the registration has no name"),
                Version = root.GetProperty("version").GetInt32(),
                Definition = definition,
                SampleRate = root.GetProperty("sample_rate").GetDouble(),
                FilterString = root.GetProperty("filter_string").GetString(),
                CreationTime = root.GetProperty("creation_time").GetDateTimeOffset(),
                Versions = root.GetProperty("versions").EnumerateArray().Select(v => ReadVersion(v, definition)).ToList(),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static HostedScorerVersion ReadVersion(JsonElement version, string latestDefinition) =>
        new(
            version.GetProperty("version").GetInt32(),
            version.GetProperty("creation_time").GetDateTimeOffset(),
            version.TryGetProperty("definition", out var definition) ? definition.GetRawText() : latestDefinition);

    private static string WriteAll(HostedScorerRegistration registration, List<HostedScorerVersion> versions) =>
        JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("format", HostedScorerCodec.Format);
            writer.WriteString("name", registration.Name);
            writer.WriteNumber("version", registration.Version);
            writer.WriteNumber("sample_rate", registration.SampleRate);
            writer.WriteString("filter_string", registration.FilterString);
            writer.WriteString("creation_time", registration.CreationTime);
            writer.WritePropertyName("definition");
            writer.WriteRawValue(registration.Definition);
            writer.WriteStartArray("versions");
            foreach (var version in versions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", version.Version);
                writer.WriteString("creation_time", version.CreationTime);
                if (version.Definition != registration.Definition)
                {
                    writer.WritePropertyName("definition");
                    writer.WriteRawValue(version.Definition);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
}
