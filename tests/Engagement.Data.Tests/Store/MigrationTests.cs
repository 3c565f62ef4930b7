using Engagement.Data.Store;

namespace Engagement.Data.Tests.Store;

public sealed class MigrationTests
{
    [Test]
    public async Task Migrations_are_applied_once_and_a_rerun_changes_nothing()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);
        var migrator = new StoreMigrator(store.Factory);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.That(first, Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(second, Is.Empty);
        Assert.That(await migrator.AppliedAsync(), Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(File.Exists(store.Factory.Path), Is.True);
    }

    [Test]
    public async Task Two_migrators_starting_together_apply_each_migration_once()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);
        var one = new StoreMigrator(store.Factory);
        var other = new StoreMigrator(store.Open());

        var results = await Task.WhenAll(Task.Run(() => one.MigrateAsync()), Task.Run(() => other.MigrateAsync()));

        Assert.That(results.SelectMany(applied => applied), Is.EqualTo(StoreMigrator.All.Select(m => m.Version)));
        Assert.That(await store.CountAsync("schema_migrations"), Is.EqualTo(StoreMigrator.All.Count));
    }

    [Test]
    public async Task The_store_runs_in_wal_mode_with_foreign_keys()
    {
        await using var store = await TestStore.CreateAsync();

        var journal = await store.QueryAsync<string>("PRAGMA journal_mode");
        var foreignKeys = await store.QueryAsync<long>("PRAGMA foreign_keys");
        var synchronous = await store.QueryAsync<long>("PRAGMA synchronous");

        Assert.That(journal, Is.EqualTo(new[] { "wal" }));
        Assert.That(foreignKeys, Is.EqualTo(new[] { 1L }));
        Assert.That(synchronous, Is.EqualTo(new[] { 1L }), "NORMAL");
    }

    [Test]
    public async Task The_report_queries_are_served_by_indices()
    {
        await using var store = await TestStore.CreateAsync();

        var byMention = await PlanAsync(store, """SELECT "post_id" FROM "post_mentions" WHERE "network" = 'x' AND "handle" = 'a'""");
        var byReply = await PlanAsync(store, """SELECT "post_id" FROM "posts" WHERE "network" = 'x' AND "in_reply_to_author" = 'a'""");
        var byAuthor = await PlanAsync(store, """SELECT "post_id" FROM "posts" WHERE "network" = 'x' AND "author" = 'a' AND "created_at" >= 0""");

        Assert.That(byMention, Does.Contain("post_mentions_by_handle"));
        Assert.That(byReply, Does.Contain("posts_by_reply_author"));
        Assert.That(byAuthor, Does.Contain("posts_by_author"));
    }

    private static async Task<string> PlanAsync(TestStore store, string sql) =>
        string.Join("\n", (await store.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {sql}")).Select(row => row.Detail));
}
