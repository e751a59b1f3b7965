using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Support;

public sealed partial class FakeDatabricksServer
{
    /// <summary>
    /// One experiment's scheduled-scorer list. With versions, an entry written without a version, or with a payload that
    /// differs from the version it names, becomes a new version; any other entry keeps its version. A name that leaves the
    /// list loses its versions.
    /// </summary>
    private sealed class FakeScorerList(bool versioned)
    {
        private readonly Dictionary<string, List<FakeVersion>> _versions = new(StringComparer.Ordinal);

        public List<JsonObject> Entries { get; private set; } = [];

        public bool Created { get; private set; }

        public void Replace(List<JsonObject> entries, long now)
        {
            Created = true;
            foreach (var entry in entries)
            {
                var name = entry["name"]!.GetValue<string>();
                var payload = entry["serialized_scorer"]!.GetValue<string>();
                if (!versioned)
                {
                    entry.Remove("version");
                    continue;
                }

                var versions = _versions.TryGetValue(name, out var known) ? known : _versions[name] = [];
                var named = entry["version"]?.GetValue<int>();
                if (named is null || versions.FirstOrDefault(v => v.Version == named) is not { } same || same.Payload != payload)
                {
                    var next = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
                    versions.Add(new FakeVersion(next, payload, now));
                    entry["version"] = next;
                }
            }

            foreach (var gone in _versions.Keys.Except(entries.Select(e => e["name"]!.GetValue<string>())).ToList())
            {
                _versions.Remove(gone);
            }

            Entries = entries;
        }

        public IReadOnlyList<FakeVersion> Versions(string name) =>
            _versions.TryGetValue(name, out var versions) ? [.. versions.OrderBy(v => v.Version)] : [];

        public bool DeleteVersion(string name, int version)
        {
            if (!_versions.TryGetValue(name, out var versions) || versions.RemoveAll(v => v.Version == version) == 0)
            {
                return false;
            }

            var entry = Entries.First(e => e["name"]!.GetValue<string>() == name);
            if (versions.Count == 0)
            {
                _versions.Remove(name);
                Entries = [.. Entries.Where(e => e != entry)];
            }
            else if (entry["version"]!.GetValue<int>() == version)
            {
                var latest = versions.MaxBy(v => v.Version)!;
                entry["version"] = latest.Version;
                entry["serialized_scorer"] = latest.Payload;
            }

            return true;
        }
    }

    private sealed record FakeVersion(int Version, string Payload, long CreationTime)
    {
        public JsonObject ToJson(string name) => new()
        {
            ["name"] = name,
            ["serialized_scorer"] = Payload,
            ["version"] = Version,
            ["creation_time"] = CreationTime,
        };
    }
}
