using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// The first posts file of an empty store is loaded straight into the tables, without their
/// secondary indices, foreign keys and marking triggers, which come back before the commit
/// (SQLite: PostBulkLoad; PostgreSQL: PostgresPostLoad, which falls back to staging when the file
/// repeats a key). Whatever the path, the schema and the outcome are those of a staged import.
/// </summary>
public sealed class FirstLoadTests(string provider) : StoreTests(provider)
{
    private static readonly string[] Tracked = ["brands.csv", "accounts.csv"];

    [Test]
    public async Task A_first_load_leaves_every_index_key_and_trigger_as_the_migrations_made_them()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        var before = await SchemaAsync(store);

        await importer.ImportAsync([TestStore.Vectors("basic")]);
        var afterLoad = await SchemaAsync(store);
        await using var repeating = await CreateStoreAsync();
        var path = await WriteAsync(repeating, "posts.csv", Header + "mastodon,a1,acme@social.example,2024-03-02T09:00:00Z,,,,1,0,0,0,\n"
            + "mastodon,a1,acme@social.example,2024-03-02T09:00:00Z,,,,2,0,0,0,\n");
        await new DatasetImporter(repeating.Factory, new AggregateStore(repeating.Factory)).ImportAsync([.. TrackedFiles(), path]);

        Assert.That(before, Is.Not.Empty);
        Assert.That(afterLoad, Is.EqualTo(before), "after a first load");
        Assert.That(await SchemaAsync(repeating), Is.EqualTo(before), "after a first load that fell back to staging");
    }

    [Test]
    public async Task A_first_load_ends_as_a_staged_import_of_the_same_file_and_a_second_import_changes_nothing()
    {
        await using var empty = await CreateStoreAsync();
        await using var staged = await CreateStoreAsync();
        var posts = Path.Combine(TestStore.Vectors("basic"), "posts.csv");
        var other = await WriteAsync(staged, "posts.csv", Header + "x,elsewhere,nobody,2024-03-01T00:00:00Z,,,,0,0,0,0,\n");
        await new DatasetImporter(staged.Factory, new AggregateStore(staged.Factory)).ImportAsync([.. TrackedFiles(), other]);
        await new DatasetImporter(empty.Factory, new AggregateStore(empty.Factory)).ImportAsync(TrackedFiles());
        var version = await VersionAsync(empty);

        var loaded = (await new DatasetImporter(empty.Factory, new AggregateStore(empty.Factory)).ImportAsync([posts])).Files.Single();
        var merged = (await new DatasetImporter(staged.Factory, new AggregateStore(staged.Factory)).ImportAsync([posts])).Files.Single();
        var again = (await new DatasetImporter(empty.Factory, new AggregateStore(empty.Factory)).ImportAsync([posts])).Files.Single();

        Assert.That((loaded.Stored, loaded.Updated, loaded.Repeated, loaded.Rejected), Is.EqualTo((101L, 0L, 0L, 0L)));
        Assert.That((merged.Stored, merged.Updated, merged.Repeated), Is.EqualTo((101L, 0L, 0L)));
        Assert.That(await VersionAsync(empty), Is.GreaterThan(version), "the load bumps data_version");
        Assert.That((again.Stored, again.Updated, again.Unchanged), Is.EqualTo((0L, 0L, 101L)));
        // By network id: the two stores met their networks in another order, so their codes differ.
        const string Posts = """
            SELECT n."id", p."post_id", p."author", p."created_at", p."in_reply_to_author", p."likes", p."views"
            FROM "posts" p JOIN "networks" n ON n."code" = p."network" WHERE n."id" <> 'x' ORDER BY n."id", p."post_id"
            """;
        Assert.That(await empty.QueryAsync<(string, string, string, long, string?, long, long?)>(Posts),
            Is.EqualTo(await staged.QueryAsync<(string, string, string, long, string?, long, long?)>(Posts)));
        const string Mentions = """
            SELECT n."id", m."post_id", m."handle" FROM "post_mentions" m JOIN "networks" n ON n."code" = m."network" ORDER BY n."id", m."post_id", m."handle"
            """;
        Assert.That(await empty.QueryAsync<(string, string, string)>(Mentions), Is.Not.Empty.And.EqualTo(await staged.QueryAsync<(string, string, string)>(Mentions)));
        Assert.That(await MonthsAsync(empty), Is.Not.Empty.And.EqualTo(await MonthsAsync(staged)));
        Assert.That(await empty.CountAsync("aggregate_dirty"), Is.Zero);
    }

    // On PostgreSQL the COPY meets the repeated key at its last row and the file is staged again
    // from the start: the rows rejected before it are counted and listed once, not twice.
    [Test]
    public async Task A_first_load_that_falls_back_to_staging_counts_each_rejected_row_once()
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync(TrackedFiles());
        var path = await WriteAsync(store, "posts.csv", Header
            + "mastodon,b1,acme@social.example,2024-03-02T09:00:00Z,,,,1,0,0,0,\n"
            + "mastodon,b2,acme@social.example,not-a-date,,,,1,0,0,0,\n"
            + "mastodon,b3,acme@social.example,2024-03-02T10:00:00Z,,,,1,0,0,0,\n"
            + "mastodon,b1,acme@social.example,2024-03-02T09:00:00Z,,,,9,0,0,0,\n");

        var file = (await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([path])).Files.Single();

        Assert.That((file.Stored, file.Repeated, file.Rejected), Is.EqualTo((2L, 1L, 1L)));
        Assert.That(file.Errors.Select(error => error.Line), Is.EqualTo(new long[] { 3 }));
        Assert.That(await store.QueryAsync<long>("""SELECT "likes" FROM "posts" WHERE "post_id" = 'b1'"""), Is.EqualTo(new[] { 9L }));
    }

    // A repeated post with mentions repeats its mentions too: on PostgreSQL whichever key is
    // built first (the posts' or the mentions') meets the repeat, and the file is staged again.
    [Test]
    public async Task A_first_load_of_a_repeated_post_with_mentions_keeps_the_last_rows_mentions()
    {
        await using var store = await CreateStoreAsync();
        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync(TrackedFiles());
        var path = await WriteAsync(store, "posts.csv", Header
            + "mastodon,m1,someone@x.example,2024-03-02T09:00:00Z,,,acme@social.example;other@x.example,1,0,0,0,\n"
            + "mastodon,m1,someone@x.example,2024-03-02T09:00:00Z,,,acme@social.example,2,0,0,0,\n");

        var file = (await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([path])).Files.Single();

        Assert.That((file.Stored, file.Repeated, file.Rejected), Is.EqualTo((1L, 1L, 0L)));
        Assert.That(await store.QueryAsync<string>("""SELECT "handle" FROM "post_mentions" WHERE "post_id" = 'm1'"""),
            Is.EqualTo(new[] { "acme@social.example" }));
    }

    private const string Header = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n";

    private static string[] TrackedFiles() => [.. Tracked.Select(name => Path.Combine(TestStore.Vectors("basic"), name))];

    // Every index, key, foreign key and trigger of posts and post_mentions, as the engine prints them.
    private async Task<IReadOnlyList<string>> SchemaAsync(TestStore store) => await store.QueryAsync<string>(IsPostgres
        ? """
            SELECT replace(d, current_schema() || '.', '') FROM (
                SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN ('posts'::regclass, 'post_mentions'::regclass)
                UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid IN ('posts'::regclass, 'post_mentions'::regclass)
                UNION ALL SELECT pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger
                    WHERE tgrelid IN ('posts'::regclass, 'post_mentions'::regclass) AND NOT tgisinternal) AS s (d)
            ORDER BY 1
            """
        : """SELECT "sql" FROM "sqlite_master" WHERE "tbl_name" IN ('posts', 'post_mentions') AND "sql" IS NOT NULL ORDER BY 1""");

    private static async Task<List<string>> MonthsAsync(TestStore store) =>
        [.. (await store.QueryAsync<(string Network, string Handle, long Month, byte[] Data)>(
            """SELECT "network", "handle", "month", "data" FROM "account_months" ORDER BY "network", "handle", "month" """))
            .Select(row => $"{row.Network} {row.Handle} {row.Month} {Convert.ToHexString(row.Data)}")];
}
