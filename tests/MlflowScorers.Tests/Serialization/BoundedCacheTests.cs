using System;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

public sealed class BoundedCacheTests
{
    [Test]
    public void GetOrAdd_SameKey_ComputesOnce()
    {
        var cache = new BoundedCache<string>(capacity: 4);
        var calls = 0;

        var first = cache.GetOrAdd("a", "b", (x, y) => { calls++; return x + y; });
        var second = cache.GetOrAdd("a", "b", (x, y) => { calls++; return "other"; });

        first.Should().Be("ab");
        second.Should().BeSameAs(first);
        calls.Should().Be(1);
    }

    [Test]
    public void GetOrAdd_AtCapacity_StartsAgainSoMemoryStaysBounded()
    {
        var cache = new BoundedCache<string>(capacity: 2);
        var calls = 0;
        string Compute(string x, string y)
        {
            calls++;
            return x + y;
        }

        cache.GetOrAdd("1", "", Compute);
        cache.GetOrAdd("2", "", Compute);
        cache.GetOrAdd("3", "", Compute);
        cache.GetOrAdd("1", "", Compute);

        calls.Should().Be(4, "the third entry emptied the full cache, so the first is computed again");
    }

    [Test]
    public void GetOrAdd_LongTextsDifferingBetweenHashedSamples_AreDistinctKeys()
    {
        // Long second strings are hashed by a sample of their characters; two texts that differ only elsewhere must still be
        // told apart by the full comparison.
        var cache = new BoundedCache<string>(capacity: 4);
        var text = new string('a', 4096);
        var changed = string.Concat(text.AsSpan(0, 2049), "b", text.AsSpan(2050));

        var first = cache.GetOrAdd("name", text, (_, y) => y);
        var second = cache.GetOrAdd("name", changed, (_, y) => y);

        second.Should().BeSameAs(changed).And.NotBeSameAs(first);
    }
}
