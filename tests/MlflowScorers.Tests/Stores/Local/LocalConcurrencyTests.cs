using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>Several stores (separate connections, as separate processes would have) registering at once on one new file.</summary>
public class LocalConcurrencyTests
{
    private const int StoreCount = 4;
    private const int RegistrationsPerStore = 25;

    [Test]
    public async Task Concurrent_registrations_of_the_same_and_different_names_lose_nothing_and_repeat_no_version()
    {
        using var database = TempDatabase.New();
        var stores = Enumerable.Range(0, StoreCount).Select(_ => database.OpenStore()).ToList();
        try
        {
            var work = stores.SelectMany((store, s) => Enumerable.Range(0, RegistrationsPerStore).SelectMany(i => new[]
            {
                Task.Run(() => store.RegisterScorerAsync("0", "shared", $"store {s} call {i}", default)),
                Task.Run(() => store.RegisterScorerAsync("0", $"own-{s}", $"call {i}", default)),
            }));
            var registered = await Task.WhenAll(work);

            var reader = stores[0];
            (await reader.ListScorerVersionsAsync("0", "shared", default)).Select(v => v.Version)
                .Should().Equal(Enumerable.Range(1, StoreCount * RegistrationsPerStore));
            for (var s = 0; s < StoreCount; s++)
            {
                (await reader.ListScorerVersionsAsync("0", $"own-{s}", default)).Select(v => v.Version)
                    .Should().Equal(Enumerable.Range(1, RegistrationsPerStore));
            }

            registered.Where(r => r.Name == "shared").Select(r => r.Version).Should().OnlyHaveUniqueItems();
            registered.Where(r => r.Name == "shared").Select(r => r.ScorerId).Distinct().Should().ContainSingle();
            database.Scalar("PRAGMA integrity_check").Should().Be("ok");
            database.Scalar("SELECT count(*) FROM scorers").Should().Be((long)StoreCount + 1);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Stores_that_open_a_new_file_at_the_same_time_create_the_schema_once()
    {
        using var database = TempDatabase.New();
        var stores = Enumerable.Range(0, StoreCount).Select(_ => database.OpenStore()).ToList();
        try
        {
            var capabilities = await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetCapabilitiesAsync(default))));

            capabilities.Select(c => c.MlflowVersion).Should().AllBeEquivalentTo(new Version(3, 6));
            database.Scalar("SELECT count(*) FROM alembic_version").Should().Be(1L);
            database.Scalar("SELECT count(*) FROM experiments").Should().Be(1L);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}
