using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Data.Tests.Store.Aggregates;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engagement.Data.Tests.Store;

/// <summary>What only a SQLite store has: its file, pragmas and query plans.</summary>
public sealed class SqliteStoreTests
{
    [Test]
    public async Task The_store_file_and_its_folder_are_created_on_first_use()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);

        await new StoreMigrator(store.Factory).MigrateAsync();

        Assert.That(File.Exists(store.Sqlite.Path), Is.True);
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
    public async Task A_kept_report_is_stored_from_the_buffers_it_was_deflated_into()
    {
        // (PostgreSQL takes the body as one parameter.)
        await using var store = await TestStore.CreateAsync();
        var snapshots = new ReportSnapshotStore(store.Factory, NullLogger<ReportSnapshotStore>.Instance);
        var version = await new DataVersionRepository(store.Factory).GetAsync();
        var body = SnapshotPackingTests.Document(4 * SnapshotPacking.SliceSize);
        await snapshots.PutAsync("warm-up", version, [SnapshotPackingTests.Document(SnapshotPacking.SliceSize)]);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await snapshots.PutAsync("report", version, [body]);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var packed = (await store.QueryAsync<long>("""SELECT length("body") FROM "report_snapshots" WHERE "key" = 'report'""")).Single();

        // The deflate's buffers (a third of each slice) are the one copy; gathering the slices into
        // one array and binding it would allocate the packed length twice more.
        var buffers = 4L * ((SnapshotPacking.SliceSize / 3) + 64);
        Assert.That(allocated, Is.LessThan(buffers + (packed / 2)), $"packed {packed} bytes");
        Assert.That(await snapshots.GetAsync("report"), Is.EqualTo(body));
    }

    [Test]
    public async Task A_new_store_is_made_with_the_standard_page_size()
    {
        await using var store = await TestStore.CreateAsync();

        Assert.That(SqliteDialect.PageSize, Is.GreaterThan(4096), "larger than SQLite's default (issue 16)");
        Assert.That(await store.QueryAsync<long>("PRAGMA page_size"), Is.EqualTo(new[] { (long)SqliteDialect.PageSize }));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
    }

    [Test]
    public async Task A_store_made_with_4096_byte_pages_keeps_them_and_works_as_before()
    {
        await using var store = await TestStore.CreateWithPageSizeAsync(4096);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);
        store.Sqlite.ClearPool();

        // Every connection asks for the standard size: on a file that has pages it changes nothing.
        Assert.That(await store.QueryAsync<long>("PRAGMA page_size"), Is.EqualTo(new[] { 4096L }));
        Assert.That(await store.QueryAsync<string>("PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(101));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task The_report_queries_are_served_by_indices()
    {
        await using var store = await TestStore.CreateAsync();

        var byMention = await PlanAsync(store, """SELECT "post_id" FROM "post_mentions" WHERE "network" = 0 AND "handle" = 'a'""");
        var byReply = await PlanAsync(store, """SELECT "post_id" FROM "posts" WHERE "network" = 0 AND "in_reply_to_author" = 'a'""");
        var byAuthor = await PlanAsync(store, """SELECT "post_id" FROM "posts" WHERE "network" = 0 AND "author" = 'a' AND "created_at" >= 0""");

        Assert.That(byMention, Does.Contain("post_mentions_by_handle"));
        Assert.That(byReply, Does.Contain("posts_by_reply_author"));
        Assert.That(byAuthor, Does.Contain("posts_by_author"));
    }

    [Test]
    public async Task The_export_reads_the_posts_in_network_id_order_along_their_key_without_a_sort()
    {
        await using var store = await TestStore.CreateAsync();

        var plan = await PlanAsync(store, StoreRows.PostsWithMentionsSql());

        // networks outermost in id order, each network's posts by its code: the codes' order does not matter.
        Assert.That(plan, Does.Contain("SCAN n USING COVERING INDEX").And.Contain("SEARCH p USING PRIMARY KEY (network=?)").And.Not.Contain("TEMP B-TREE"));
    }

    [Test]
    public async Task Posts_carry_only_the_indices_a_query_uses()
    {
        await using var store = await TestStore.CreateAsync();

        var indices = await store.QueryAsync<string>(
            """SELECT "name" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = 'posts' AND "sql" IS NOT NULL ORDER BY "name" """);

        // Each one is paid for by every insert: the ones above, nothing more (issue 16).
        Assert.That(indices, Is.EqualTo(new[] { "posts_by_author", "posts_by_reply_author" }));
    }

    [Test]
    public async Task A_first_import_builds_the_indices_it_set_aside_exactly_as_the_migrations_made_them()
    {
        await using var store = await TestStore.CreateAsync();
        const string Indices = """SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" IN ('posts', 'post_mentions') ORDER BY "name" """;
        var before = await store.QueryAsync<(string Name, string? Sql)>(Indices);

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([TestStore.Vectors("basic")]);

        Assert.That(await store.CountAsync("posts"), Is.EqualTo(101));
        Assert.That(await store.QueryAsync<(string Name, string? Sql)>(Indices), Is.EqualTo(before));
        Assert.That(await store.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
    }

    private static async Task<string> PlanAsync(TestStore store, string sql) =>
        string.Join("\n", (await store.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {sql}")).Select(row => row.Detail));
}
