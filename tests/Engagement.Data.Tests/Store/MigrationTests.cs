using Engagement.Data.Store;

namespace Engagement.Data.Tests.Store;

public sealed class MigrationTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task Migrations_are_applied_once_and_a_rerun_changes_nothing()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        var migrator = new StoreMigrator(store.Factory);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.That(first, Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(second, Is.Empty);
        Assert.That(await migrator.AppliedAsync(), Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
    }

    [Test]
    public async Task Two_migrators_starting_together_apply_each_migration_once()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        var one = new StoreMigrator(store.Factory);
        var other = new StoreMigrator(store.OpenAnother());

        var results = await Task.WhenAll(Task.Run(() => one.MigrateAsync()), Task.Run(() => other.MigrateAsync()));

        // Each migration applied once, by one or the other (they may take turns: order across the two lists is free).
        Assert.That(results.SelectMany(applied => applied), Is.EquivalentTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(await store.CountAsync("schema_migrations"), Is.EqualTo(StoreMigrator.All.Count));
    }
}
