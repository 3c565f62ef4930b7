using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// The aggregates stay equal to the engine's scoring of the posts through every kind of change:
/// imports that add, repeat or update rows, later files that answer earlier user posts or add
/// snapshots, accounts added after their posts or dropped and added back, and writes that do
/// not go through the importer (the collectors' SQL), which only the triggers see.
/// </summary>
public sealed class AggregateMaintenanceTests(string provider) : StoreTests(provider)
{
    private const string PostsHeader = "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views";

    private static readonly string[] Brands = ["brand,name,industry", "acme,Acme,retail", "bolt,Bolt,retail"];

    private static readonly string[] Accounts = ["brand,network,handle", "acme,mastodon,acme@x.example", "bolt,mastodon,bolt@x.example"];

    private static readonly string[] Posts =
    [
        PostsHeader,
        "mastodon,p1,acme@x.example,2024-03-02T10:00:00Z,,,,4,1,0,2,",
        "mastodon,u1,fan@y.example,2024-03-02T11:00:00Z,p1,acme@x.example,acme@x.example;bolt@x.example;fan@y.example,1,0,0,0,",
        "mastodon,a1,acme@x.example,2024-03-02T12:30:00Z,u1,fan@y.example,,0,0,0,0,",
        "mastodon,u2,fan@y.example,2024-03-03T09:00:00Z,,,bolt@x.example,0,0,0,0,",
        "mastodon,b1,bolt@x.example,2024-03-04T08:00:00Z,,,,7,0,1,0,",
        "mastodon,b2,bolt@x.example,2024-03-04T09:00:00Z,b1,bolt@x.example,,1,0,0,0,",
    ];

    private static readonly string[] Followers =
        ["network,handle,date,followers", "mastodon,acme@x.example,2024-03-01,100", "mastodon,bolt@x.example,2024-03-03,50"];

    [Test]
    public async Task A_data_set_imported_whole_scores_the_same()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));

        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(result.Account("acme@x.example").AnsweredUserPosts, Is.EqualTo(1));
        Assert.That(result.Account("bolt@x.example").UserPosts, Is.EqualTo(2), "a reply to acme that mentions bolt, and a mention");
        Assert.That(result.Account("acme@x.example").UserPosts, Is.EqualTo(1), "replying to and mentioning acme is one user post");
    }

    [Test]
    public async Task An_account_added_after_its_posts_gets_them()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts[..2]), ("posts", Posts), ("followers", Followers));
        await new AccountRepository(store.Factory).AddAsync(new Account("bolt", "mastodon", "@Bolt@x.example"));

        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(result.Account("bolt@x.example").Posts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_post_updated_in_place_moves_its_totals()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        // p1 gains likes and moves a day; u2 stops mentioning bolt and replies to acme instead.
        await ImportAsync(store, ("posts",
        [
            PostsHeader,
            "mastodon,p1,acme@x.example,2024-03-05T10:00:00Z,,,,40,1,0,2,",
            "mastodon,u2,fan@y.example,2024-03-03T09:00:00Z,p1,acme@x.example,,0,0,0,0,",
        ]));

        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(result.Account("acme@x.example").Interactions, Is.EqualTo(43));
        Assert.That(result.Account("bolt@x.example").UserPosts, Is.EqualTo(1));
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-02", "2024-03-03");
    }

    [Test]
    public async Task An_answer_imported_later_and_after_the_window_answers_its_user_post()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        var before = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-03", "2024-03-04");
        await ImportAsync(store, ("posts", [PostsHeader, "mastodon,a2,bolt@x.example,2024-03-09T08:00:00Z,u2,fan@y.example,,0,0,0,0,"]));

        var after = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-03", "2024-03-04");
        Assert.That(before.Account("bolt@x.example").AnsweredUserPosts, Is.Zero);
        Assert.That(after.Account("bolt@x.example").MedianFirstResponseMinutes, Is.EqualTo(8580.0), "5 days 23 hours, inside the horizon");
    }

    [Test]
    public async Task A_snapshot_imported_later_changes_the_estimated_reach()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        await ImportAsync(store, ("followers", ["network,handle,date,followers", "mastodon,bolt@x.example,2024-03-04,80", "mastodon,acme@x.example,2024-03-01,120"]));

        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(result.Account("bolt@x.example").Reach, Is.EqualTo(160));
        Assert.That(result.Account("acme@x.example").FollowersStart, Is.EqualTo(120));
    }

    [Test]
    public async Task Writes_outside_the_importer_are_marked_by_the_triggers()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");

        // What the collectors' store does: upserts of posts, their mention rows, snapshots.
        await ExecuteAsync(store, """
            INSERT INTO "posts" ("network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author", "likes", "shares", "quotes", "replies", "views")
            VALUES ((SELECT "code" FROM "networks" WHERE "id" = 'mastodon'), 'u3', 'kid@y.example', 1709460000000000, NULL, NULL, 0, 0, 0, 0, NULL)
            """, """INSERT INTO "post_mentions" ("network", "post_id", "handle") VALUES ((SELECT "code" FROM "networks" WHERE "id" = 'mastodon'), 'u3', 'acme@x.example')""");
        var added = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(added.Account("acme@x.example").UserPosts, Is.EqualTo(2));

        await ExecuteAsync(store, """UPDATE "posts" SET "likes" = 90 WHERE "post_id" = 'b1'""");
        Assert.That((await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08")).Account("bolt@x.example").Interactions, Is.EqualTo(92), "b1 now 91, and b2 (bolt continuing its thread) 1");

        await ExecuteAsync(store, """DELETE FROM "posts" WHERE "post_id" = 'a1'""", """DELETE FROM "followers" WHERE "handle" = 'bolt@x.example'""");
        var deleted = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
        Assert.That(deleted.Account("acme@x.example").AnsweredUserPosts, Is.Zero);
        Assert.That(deleted.Account("bolt@x.example").Reach, Is.Null);
    }

    [Test]
    public async Task An_account_dropped_and_added_back_is_recomputed_with_what_changed_meanwhile()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        var accounts = new AccountRepository(store.Factory);
        await accounts.DeleteAsync("mastodon", "bolt@x.example");
        await ImportAsync(store, ("posts", [PostsHeader, "mastodon,b3,bolt@x.example,2024-04-20T08:00:00Z,,,,3,0,0,0,"]));
        await accounts.AddAsync(new Account("bolt", "mastodon", "bolt@x.example"));

        var result = await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-05-01");
        Assert.That(result.Account("bolt@x.example").Posts, Is.EqualTo(3));
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-04-20", "2024-04-21");
    }

    [Test]
    public async Task Importing_the_same_files_again_leaves_nothing_to_recompute()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));
        await ImportAsync(store, ("brands", Brands), ("accounts", Accounts), ("posts", Posts), ("followers", Followers));

        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
        Assert.That(await new AggregateStore(store.Factory).RefreshAsync(), Is.Zero);
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-03-01", "2024-03-08");
    }

    private static async Task ImportAsync(TestStore store, params (string File, string[] Lines)[] files)
    {
        var folder = store.TempFolder(Guid.NewGuid().ToString("N"));
        foreach (var (file, lines) in files)
        {
            await File.WriteAllLinesAsync(Path.Combine(folder, file + ".csv"), lines);
        }

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);
    }

    private static Task ExecuteAsync(TestStore store, params string[] statements) =>
        store.Factory.WriteAsync(async (connection, transaction, ct) =>
        {
            foreach (var sql in statements)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            }
        });
}
