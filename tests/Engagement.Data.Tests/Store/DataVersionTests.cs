using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store;

public sealed class DataVersionTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Every_change_to_the_scored_data_moves_the_version_and_nothing_else_does()
    {
        await using var store = await CreateStoreAsync();
        var version = new DataVersionRepository(store.Factory);
        var brands = new BrandRepository(store.Factory);
        var steps = new List<(string Step, long Version)> { ("empty", await version.GetAsync()) };

        async Task Step(string name, Func<Task> change)
        {
            await change();
            steps.Add((name, await version.GetAsync()));
        }

        await Step("import", () => new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]));
        await Step("brand", () => brands.UpsertAsync(new Brand("zeta", "Zeta", null)));
        await Step("account", () => new AccountRepository(store.Factory).AddAsync(new Account("zeta", "mastodon", "zeta@x.example")));
        await Step("peer set", () => new PeerSetRepository(store.Factory).SetAsync(WorkspaceRepository.Default, "rivals", ["zeta"]));
        await Step("brand deleted", () => brands.DeleteAsync("zeta"));
        var changed = steps.Select(s => s.Version).ToList();

        await new ApiKeyRepository(store.Factory).InsertAsync("ops", ApiKeyGrant.Admin, "hash");
        await CollectorStateRows.PutAsync(store.Factory, "mastodon", "acme@social.example", null, null);
        await new AccountLeaseRepository(store.Factory).TryLeaseAsync("a", "mastodon", 5, TimeSpan.FromMinutes(1));
        await new ScoringInputLoader(store.Factory).LoadAsync();

        Assert.That(changed, Is.Ordered.Ascending.And.Unique, string.Join(", ", steps));
        Assert.That(await version.GetAsync(), Is.EqualTo(changed[^1]), "keys, collector state, leases and reads are not scored data");
    }

    [Test]
    public async Task A_rolled_back_import_leaves_the_version()
    {
        await using var store = await CreateStoreAsync();
        var version = new DataVersionRepository(store.Factory);
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        var before = await version.GetAsync();

        // The file is rejected half-way, after rows were staged: its transaction rolls back.
        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("invalid", "unterminated-quote", "posts.csv")]);

        Assert.That(report.Files.Single().IsFileRejected, Is.True);
        Assert.That(await version.GetAsync(), Is.EqualTo(before));
    }
}
