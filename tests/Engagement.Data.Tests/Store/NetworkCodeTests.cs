using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Export;
using Engagement.Data.Store.Import;
using Engagement.Data.Tests.Store.Aggregates;

namespace Engagement.Data.Tests.Store;

/// <summary>
/// posts and post_mentions hold a network's code, networks says which id it is (migration 15):
/// a store migrated with data keeps every row, mark and its data version; a network id the store
/// never met (posts.csv accepts any) gets the next code wherever it comes from; codes never move.
/// </summary>
public sealed class NetworkCodeTests(string provider) : StoreTests(provider)
{
    private const string Header = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n";

    private const string PostsById = """
        SELECT n."id", p."post_id", p."author", p."created_at", p."in_reply_to_author", p."likes", p."views"
        FROM "posts" p JOIN "networks" n ON n."code" = p."network" ORDER BY n."id", p."post_id"
        """;

    private const string MentionsById = """
        SELECT n."id", m."post_id", m."handle" FROM "post_mentions" m JOIN "networks" n ON n."code" = m."network"
        ORDER BY n."id", m."post_id", m."handle"
        """;

    private const string Networks = """SELECT "code", "id" FROM "networks" ORDER BY "code" """;

    private const string Marks = """SELECT "network", "handle", "generation" FROM "aggregate_dirty" ORDER BY "network", "handle" """;

    [Test]
    public async Task Migration_15_codes_the_stored_networks_and_keeps_every_post_mention_mark_and_the_data_version()
    {
        await using var store = await CreateStoreAsync(migrate: false);
        // A version-14 store: three networks, one of them none of the collectors' (posts.csv accepts any id).
        await store.AtVersionAsync(
            14,
            """
            INSERT INTO "brands" ("id", "name", "industry") VALUES ('acme', 'Acme', NULL);
            INSERT INTO "accounts" ("network", "handle", "brand") VALUES ('mastodon', 'acme@x.example', 'acme'), ('peertube', 'acme@tube.example', 'acme');
            INSERT INTO "posts" ("network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author",
                "likes", "shares", "quotes", "replies", "views") VALUES
            ('mastodon', 'p1', 'acme@x.example', 1709460000000000, NULL, NULL, 5, 1, 0, 2, 90),
            ('mastodon', 'p2', 'kid@y.example', 1709460060000000, 'p1', 'acme@x.example', 0, 0, 0, 0, NULL),
            ('peertube', 'v1', 'acme@tube.example', 1709460000000000, NULL, NULL, 7, 0, 0, 0, 300),
            ('peertube', 'v2', 'fan@tube.example', 1709460120000000, NULL, NULL, 0, 0, 0, 0, NULL),
            ('bluesky', 'b1', 'someone.bsky.social', 1709460000000000, NULL, NULL, 1, 0, 0, 0, NULL);
            INSERT INTO "post_mentions" ("network", "post_id", "handle") VALUES
            ('mastodon', 'p2', 'zed@y.example'), ('mastodon', 'p2', 'acme@x.example'), ('peertube', 'v2', 'acme@tube.example');
            """);
        var objects = await ObjectsAsync(store);
        var version = await VersionAsync(store);
        var marks = await store.QueryAsync<(string, string, long)>(Marks);

        Assert.That(await new StoreMigrator(store.Factory).MigrateAsync(), Is.EqualTo(new[] { 15 }));

        Assert.That(await store.QueryAsync<(long, string)>(Networks), Is.EqualTo(new[] { (0L, "bluesky"), (1L, "mastodon"), (2L, "peertube") }));
        Assert.That(await store.QueryAsync<(string, string, string, long, string?, long, long?)>(PostsById), Is.EqualTo(new (string, string, string, long, string?, long, long?)[]
        {
            ("bluesky", "b1", "someone.bsky.social", 1709460000000000, null, 1, null),
            ("mastodon", "p1", "acme@x.example", 1709460000000000, null, 5, 90),
            ("mastodon", "p2", "kid@y.example", 1709460060000000, "acme@x.example", 0, null),
            ("peertube", "v1", "acme@tube.example", 1709460000000000, null, 7, 300),
            ("peertube", "v2", "fan@tube.example", 1709460120000000, null, 0, null),
        }));
        Assert.That(await store.QueryAsync<(string, string, string)>(MentionsById), Is.EqualTo(new[]
        {
            ("mastodon", "p2", "acme@x.example"), ("mastodon", "p2", "zed@y.example"), ("peertube", "v2", "acme@tube.example"),
        }));
        Assert.That(await store.QueryAsync<string>(IsPostgres
            ? """SELECT "data_type" FROM "information_schema"."columns" WHERE "table_schema" = current_schema() AND "table_name" IN ('posts', 'post_mentions') AND "column_name" = 'network'"""
            : """SELECT "type" FROM pragma_table_info('posts') WHERE "name" = 'network' UNION ALL SELECT "type" FROM pragma_table_info('post_mentions') WHERE "name" = 'network'"""),
            Is.EqualTo(IsPostgres ? new[] { "smallint", "smallint" } : new[] { "INTEGER", "INTEGER" }));
        Assert.That(await VersionAsync(store), Is.EqualTo(version), "no row trigger fired");
        Assert.That(await store.QueryAsync<(string, string, long)>(Marks), Is.EqualTo(marks));
        Assert.That(await ObjectsAsync(store), Is.EqualTo(objects), "every index, key and trigger made again");

        var exported = store.TempFolder("export");
        await new DatasetExporter(store.Factory).ExportAsync(exported);
        Assert.That(File.ReadAllLines(Path.Combine(exported, "posts.csv")).Skip(1).Select(line => line.Split(',')[0] + "/" + line.Split(',')[1]),
            Is.EqualTo(new[] { "bluesky/b1", "mastodon/p1", "mastodon/p2", "peertube/v1", "peertube/v2" }));

        // The aggregates, computed from the coded rows, and the triggers translating codes back to ids.
        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That((result.Account("acme@x.example").UserPosts, result.Account("acme@tube.example").UserPosts), Is.EqualTo((1, 1)));
        await store.Factory.WriteAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            $"""UPDATE "posts" SET "likes" = 9 WHERE "network" = {NetworkCodes.CodeOf("'peertube'")} AND "post_id" = 'v1'""", transaction: transaction, cancellationToken: ct)));
        Assert.That(await VersionAsync(store), Is.GreaterThan(version));
        Assert.That(await store.QueryAsync<string>("""SELECT "network" || '/' || "handle" FROM "aggregate_dirty" """), Is.EqualTo(new[] { "peertube/acme@tube.example" }));
    }

    [Test]
    public async Task A_network_the_store_never_met_gets_the_next_code_on_a_first_load_and_on_a_staged_import()
    {
        await using var store = await CreateStoreAsync();
        var brands = await WriteAsync(store, "brands.csv", "brand,name,industry\nacme,Acme,\n");
        var accounts = await WriteAsync(store, "accounts.csv", "brand,network,handle\nacme,mastodon,acme@social.example\nacme,peertube,acme@tube.example\n");
        var first = await WriteAsync(store, "posts.csv", Header
            + "mastodon,m1,acme@social.example,2024-03-03T10:00:00Z,,,,1,0,0,0,\n"
            + "peertube,v1,acme@tube.example,2024-03-03T10:00:00Z,,,,7,0,0,0,300\n"
            + "peertube,v2,fan@tube.example,2024-03-03T11:00:00Z,,,acme@tube.example,0,0,0,0,\n");
        var second = await WriteAsync(store, "posts.csv", Header
            + "lemmy,l1,fan@lemmy.example,2024-03-03T10:00:00Z,,,,0,0,0,0,\n"
            + "peertube,v3,fan2@tube.example,2024-03-03T12:00:00Z,v1,acme@tube.example,,0,0,0,0,\n");
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));

        var loaded = (await importer.ImportAsync([brands, accounts, first])).Files.Single(file => file.Kind == DatasetFileKind.Posts);
        var codesAfterLoad = await store.QueryAsync<(long, string)>(Networks);
        var staged = (await importer.ImportAsync([second])).Files.Single();

        Assert.That((loaded.Stored, staged.Stored, staged.Rejected), Is.EqualTo((3L, 2L, 0L)));
        Assert.That(codesAfterLoad, Is.EqualTo(new[] { (0L, "mastodon"), (1L, "peertube") }), "in the order the file met them");
        Assert.That(await store.QueryAsync<(long, string)>(Networks), Is.EqualTo(new[] { (0L, "mastodon"), (1L, "peertube"), (2L, "lemmy") }));
        Assert.That(await store.QueryAsync<(string, string, string)>(MentionsById), Is.EqualTo(new[] { ("peertube", "v2", "acme@tube.example") }));
        var exported = store.TempFolder("export");
        await new DatasetExporter(store.Factory).ExportAsync(exported);
        Assert.That(File.ReadAllLines(Path.Combine(exported, "posts.csv")).Skip(1), Is.EqualTo(new[]
        {
            "lemmy,l1,fan@lemmy.example,2024-03-03T10:00:00Z,,,,0,0,0,0,",
            "mastodon,m1,acme@social.example,2024-03-03T10:00:00Z,,,,1,0,0,0,",
            "peertube,v1,acme@tube.example,2024-03-03T10:00:00Z,,,,7,0,0,0,300",
            "peertube,v2,fan@tube.example,2024-03-03T11:00:00Z,,,acme@tube.example,0,0,0,0,",
            "peertube,v3,fan2@tube.example,2024-03-03T12:00:00Z,v1,acme@tube.example,,0,0,0,0,",
        }), "in network id order, whatever the codes");
        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That((result.Account("acme@tube.example").Posts, result.Account("acme@tube.example").UserPosts), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task The_codes_stay_as_they_were_across_a_reimport_and_an_import_of_the_export()
    {
        await using var store = await CreateStoreAsync();
        var basic = new[] { "brands.csv", "accounts.csv", "posts.csv", "followers.csv" }.Select(name => Path.Combine(TestStore.Vectors("basic"), name)).ToArray();
        var other = await WriteAsync(store, "posts.csv", Header + "x,elsewhere,nobody,2024-03-01T00:00:00Z,,,,0,0,0,0,\n");
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        await importer.ImportAsync([.. basic, other]);
        var codes = await store.QueryAsync<(long, string)>(Networks);
        var version = await VersionAsync(store);

        var again = await importer.ImportAsync([other, .. basic]);
        var exported = store.TempFolder("export");
        await new DatasetExporter(store.Factory).ExportAsync(exported);
        var reimported = await importer.ImportAsync([.. basic.Select(path => Path.Combine(exported, Path.GetFileName(path)))]);

        Assert.That(codes.Select(code => code.Item2), Is.EquivalentTo(new[] { "mastodon", "bluesky", "youtube", "x" }));
        Assert.That(codes.Select(code => code.Item1), Is.EqualTo(new[] { 0L, 1L, 2L, 3L }));
        Assert.That(again.Files.Concat(reimported.Files).Sum(file => file.Stored + file.Updated), Is.Zero);
        Assert.That(await store.QueryAsync<(long, string)>(Networks), Is.EqualTo(codes));
        // PostgreSQL's statement triggers mark every transaction that ran a merge, rows or not.
        Assert.That(await VersionAsync(store), IsPostgres ? Is.GreaterThanOrEqualTo(version) : Is.EqualTo(version));
    }

    [Test]
    public async Task Two_writers_meeting_new_networks_at_once_get_a_code_each()
    {
        await using var store = await CreateStoreAsync();
        var registered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = store.Factory.WriteAsync(async (connection, transaction, ct) =>
        {
            var codes = await NetworkCodes.EnsureAsync(connection, transaction, ["peertube"], ct);
            registered.SetResult();
            await release.Task;
            return codes;
        });
        await registered.Task;
        // The second picks the same next code and waits for the first (PostgreSQL: on the key; SQLite: for the lock).
        var second = store.Factory.WriteAsync((connection, transaction, ct) => NetworkCodes.EnsureAsync(connection, transaction, ["lemmy", "peertube"], ct));
        await Task.Delay(300);
        release.SetResult();

        var (a, b) = (await first, await second);

        Assert.That(a["peertube"], Is.EqualTo(0));
        Assert.That((b["peertube"], b["lemmy"]), Is.EqualTo((0, 1)));
        Assert.That(await store.QueryAsync<(long, string)>(Networks), Is.EqualTo(new[] { (0L, "peertube"), (1L, "lemmy") }));
    }

    // The names of every index, key and trigger of posts and post_mentions.
    private async Task<IReadOnlyList<string>> ObjectsAsync(TestStore store) => await store.QueryAsync<string>(IsPostgres
        ? """
            SELECT "name" FROM (
                SELECT indexrelid::regclass::text AS "name" FROM pg_index WHERE indrelid IN ('posts'::regclass, 'post_mentions'::regclass)
                UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN ('posts'::regclass, 'post_mentions'::regclass)
                UNION ALL SELECT tgname FROM pg_trigger WHERE tgrelid IN ('posts'::regclass, 'post_mentions'::regclass) AND NOT tgisinternal) x
            ORDER BY "name"
            """
        : """
            SELECT "type" || ' ' || "name" FROM sqlite_master WHERE "tbl_name" IN ('posts', 'post_mentions') AND "type" <> 'table'
            UNION ALL SELECT 'fk ' || "table" || ' ' || "from" || ' ' || "to" || ' ' || "on_delete" FROM pragma_foreign_key_list('post_mentions')
            ORDER BY 1
            """);
}
