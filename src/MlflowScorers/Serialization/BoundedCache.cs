using System;
using System.Collections.Concurrent;

namespace MlflowScorers.Serialization;

/// <summary>
/// A thread-safe memo of a pure function of two strings whose results are immutable. When it reaches its capacity it starts
/// again empty, which keeps memory bounded without bookkeeping on the read path.
/// </summary>
/// <typeparam name="T">The immutable result type.</typeparam>
internal sealed class BoundedCache<T>(int capacity)
{
    private ConcurrentDictionary<(string, string), T> _entries = new();

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
            _entries = entries = new ConcurrentDictionary<(string, string), T>();
        }

        entries[(first, second)] = value;
        return value;
    }
}
