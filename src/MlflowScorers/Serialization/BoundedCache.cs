using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace MlflowScorers.Serialization;

/// <summary>
/// A thread-safe memo of a pure function of two strings whose results are immutable. When it reaches its capacity it starts
/// again empty, which keeps memory bounded without bookkeeping on the read path.
/// </summary>
/// <typeparam name="T">The immutable result type.</typeparam>
internal sealed class BoundedCache<T>(int capacity)
{
    private ConcurrentDictionary<(string, string), T> _entries = new(SampledKeyComparer.Instance);

    public T GetOrAdd(string first, string second, Func<string, string, T> compute)
    {
        var entries = _entries;
        if (entries.TryGetValue((first, second), out var cached))
        {
            return cached;
        }

        var value = compute(first, second);
        if (entries.Count >= capacity)
        {
            _entries = entries = new ConcurrentDictionary<(string, string), T>(SampledKeyComparer.Instance);
        }

        entries[(first, second)] = value;
        return value;
    }

    /// <summary>
    /// Compares keys in full, but hashes the second string (a scorer payload of a kilobyte or more) by its length and a fixed
    /// sample of its characters: the full string hash took longer than the rest of a cache hit. Keys that share the sample
    /// only share a bucket; equality still decides.
    /// </summary>
    private sealed class SampledKeyComparer : IEqualityComparer<(string, string)>
    {
        private const int Samples = 64;

        public static readonly SampledKeyComparer Instance = new();

        public bool Equals((string, string) x, (string, string) y) =>
            string.Equals(x.Item1, y.Item1, StringComparison.Ordinal) && string.Equals(x.Item2, y.Item2, StringComparison.Ordinal);

        public int GetHashCode((string, string) key)
        {
            var (first, second) = key;
            var hash = new HashCode();
            hash.Add(first, StringComparer.Ordinal);
            hash.Add(second.Length);
            var step = Math.Max(1, second.Length / Samples);
            for (var i = 0; i < second.Length; i += step)
            {
                hash.Add(second[i]);
            }

            return hash.ToHashCode();
        }
    }
}
