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
}
