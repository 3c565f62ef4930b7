using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store;

public sealed class ImportTests(string provider) : StoreTests(provider)
{
    [Test]
    public async Task The_basic_vector_is_stored_with_the_right_counts()
    {
        await using var store = await CreateStoreAsync();
        var progress = new List<ImportProgress>();

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync(
            [TestStore.Vectors("basic")], new SynchronousProgress<ImportProgress>(progress.Add));

        Assert.That(report.Files.Select(f => f.Kind), Is.EqualTo(new[]
        {
            DatasetFileKind.Brands, DatasetFileKind.Accounts, DatasetFileKind.Posts, DatasetFileKind.Followers,
        }));
        Assert.That(report.Files.Select(f => f.Stored), Is.EqualTo(new long[] { 5, 10, 101, 20 }));
        Assert.That(report.Files.Select(f => f.Updated + f.Unchanged + f.Repeated + f.Rejected), Is.All.EqualTo(0));
        Assert.That(report.HasProblems, Is.False);
        Assert.That(await store.CountAsync("brands"), Is.EqualTo(5));
        Assert.That(await store.CountAsync("accounts"), Is.EqualTo(10));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(101));
        Assert.That(await store.CountAsync("followers"), Is.EqualTo(20));
        Assert.That(await store.CountAsync("post_mentions"), Is.GreaterThan(0));
        Assert.That(progress.Where(p => p.Completed).Select(p => p.Kind), Has.Exactly(4).Items);
    }

    [Test]
    public async Task Importing_the_same_data_twice_stores_nothing_new()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        await importer.ImportAsync([TestStore.Vectors("basic")]);
        var mentions = await store.CountAsync("post_mentions");

        var again = await importer.ImportAsync([TestStore.Vectors("basic")]);

        Assert.That(again.Stored, Is.Zero);
        Assert.That(again.Updated, Is.Zero);
        Assert.That(again.Files.Select(f => f.Unchanged), Is.EqualTo(new long[] { 5, 10, 101, 20 }));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(101));
        Assert.That(await store.CountAsync("followers"), Is.EqualTo(20));
        Assert.That(await store.CountAsync("accounts"), Is.EqualTo(10));
        Assert.That(await store.CountAsync("post_mentions"), Is.EqualTo(mentions));
    }

    [Test]
    public async Task Changed_counts_update_the_stored_post_in_place()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        await importer.ImportAsync([TestStore.Vectors("basic")]);
        var folder = store.TempFolder("later");
        var later = """
            network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views
            mastodon,m1,acme@social.example,2024-03-02T09:00:00Z,,,,99,2,0,3,
            mastodon,m2,acme@social.example,2024-03-04T09:00:00Z,,,,20,5,1,4,
            mastodon,new1,someone@social.example,2024-03-04T10:00:00Z,,,@ACME@social.example; bolt@social.example,0,0,0,0,7
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "posts.csv"), later);

        var report = await importer.ImportAsync([Path.Combine(folder, "posts.csv")]);

        var posts = report.Files.Single();
        Assert.That((posts.Stored, posts.Updated, posts.Unchanged), Is.EqualTo((1L, 1L, 1L)));
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(102));
        var likes = await store.QueryAsync<long>("""SELECT "likes" FROM "posts" WHERE "post_id" = 'm1'""");
        Assert.That(likes, Is.EqualTo(new[] { 99L }));
        var mentioned = await store.QueryAsync<string>("""SELECT "handle" FROM "post_mentions" WHERE "post_id" = 'new1' ORDER BY "handle" """);
        Assert.That(mentioned, Is.EqualTo(new[] { "acme@social.example", "bolt@social.example" }));
    }

    [Test]
    public async Task Changed_mentions_replace_the_post_mentions_rows()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        var folder = store.TempFolder("mentions");
        var path = Path.Combine(folder, "posts.csv");
        const string Header = "network,post_id,author,created_at,mentions\n";
        await File.WriteAllTextAsync(path, Header + "x,p1,u,2024-03-01T00:00:00Z,a;b\n");
        await importer.ImportAsync([path]);
        await File.WriteAllTextAsync(path, Header + "x,p1,u,2024-03-01T00:00:00Z,b;c\n");

        var report = await importer.ImportAsync([path]);

        Assert.That(report.Updated, Is.EqualTo(1));
        var mentioned = await store.QueryAsync<string>("""SELECT "handle" FROM "post_mentions" ORDER BY "handle" """);
        Assert.That(mentioned, Is.EqualTo(new[] { "b", "c" }));
    }

    // The mentions are a set held by post_mentions alone: a change of it is an update of the post
    // (counted, marked, versioned) though no posts column changes; another order of it is none.
    [Test]
    public async Task A_change_of_mentions_alone_is_counted_and_versioned_and_their_order_is_no_change()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        var path = Path.Combine(store.TempFolder("mention-sets"), "posts.csv");
        const string Header = "network,post_id,author,created_at,mentions\n";
        const string Version = """SELECT "version" FROM "data_version" """;
        await File.WriteAllTextAsync(path, Header + "x,p1,u,2024-03-01T00:00:00Z,b;a\nx,p2,u,2024-03-01T00:00:00Z,c\nx,p3,u,2024-03-01T00:00:00Z,\n");
        await importer.ImportAsync([path]);
        var before = (await store.QueryAsync<long>(Version)).Single();

        await File.WriteAllTextAsync(path, Header + "x,p1,u,2024-03-01T00:00:00Z,a; B\nx,p2,u,2024-03-01T00:00:00Z,\nx,p3,u,2024-03-01T00:00:00Z,\n");
        var emptied = (await importer.ImportAsync([path])).Files.Single();
        var afterEmptied = (await store.QueryAsync<long>(Version)).Single();
        await File.WriteAllTextAsync(path, Header + "x,p1,u,2024-03-01T00:00:00Z,a;b\nx,p2,u,2024-03-01T00:00:00Z,\nx,p3,u,2024-03-01T00:00:00Z,d\n");
        var added = (await importer.ImportAsync([path])).Files.Single();
        var again = (await importer.ImportAsync([path])).Files.Single();

        Assert.That((emptied.Stored, emptied.Updated, emptied.Unchanged), Is.EqualTo((0L, 1L, 2L)), "p2 lost its mention; p1 the same set");
        Assert.That(afterEmptied, Is.GreaterThan(before));
        Assert.That((added.Stored, added.Updated, added.Unchanged), Is.EqualTo((0L, 1L, 2L)), "p3 gained one");
        Assert.That((again.Stored, again.Updated, again.Unchanged), Is.EqualTo((0L, 0L, 3L)));
        var mentioned = await store.QueryAsync<(string, string)>("""SELECT "post_id", "handle" FROM "post_mentions" ORDER BY "post_id", "handle" """);
        Assert.That(mentioned, Is.EqualTo(new[] { ("p1", "a"), ("p1", "b"), ("p3", "d") }));
    }

    [Test]
    public async Task A_repeated_follower_snapshot_replaces_the_stored_one()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        await importer.ImportAsync([TestStore.Vectors("basic")]);
        var path = Path.Combine(store.TempFolder("followers"), "followers.csv");
        await File.WriteAllTextAsync(path, """
            network,handle,date,followers
            mastodon,@ACME@social.example,2024-03-05,1150
            mastodon,acme@social.example,2024-03-05,1175
            mastodon,acme@social.example,2024-03-06,1180
            """);

        var report = await importer.ImportAsync([path]);

        var file = report.Files.Single();
        Assert.That((file.Stored, file.Updated, file.Repeated), Is.EqualTo((1L, 1L, 1L)));
        Assert.That(await store.CountAsync("followers"), Is.EqualTo(21));
        var followers = await store.QueryAsync<long>(
            """SELECT "followers" FROM "followers" WHERE "handle" = 'acme@social.example' AND "date" = '2024-03-05'""");
        Assert.That(followers, Is.EqualTo(new[] { 1175L }));
    }

    [Test]
    public async Task A_post_repeated_in_one_file_is_stored_once_with_its_last_row()
    {
        await using var store = await CreateStoreAsync();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory));
        var vector = TestStore.Vectors("invalid", "duplicate-post-id");

        var first = await importer.ImportAsync([vector]);
        var second = await importer.ImportAsync([vector]);

        var posts = first.Files.Single(f => f.Kind == DatasetFileKind.Posts);
        Assert.That((posts.Stored, posts.Repeated), Is.EqualTo((7L, 1L)));
        Assert.That((second.Stored, second.Updated), Is.EqualTo((0L, 0L)));
        var counts = await store.QueryAsync<(long Likes, long Shares, long Quotes, long Replies)>(
            """SELECT "likes", "shares", "quotes", "replies" FROM "posts" WHERE "post_id" = 'm1'""");
        Assert.That(counts, Is.EqualTo(new[] { (12L, 3L, 0L, 5L) }));
    }
    // SQLite loads the first posts file straight into an empty table in batches of 64 rows
    // (PostBulkLoad) and replays a batch that meets a key again; a store holding a post already
    // stages the file. Both must end with the same rows, mentions, counts and aggregates.
    [Test]
    public async Task A_first_import_repeating_keys_across_batches_ends_as_a_staged_import_does()
    {
        await using var empty = await CreateStoreAsync();
        await using var staged = await CreateStoreAsync();
        var path = Path.Combine(empty.TempFolder("repeats"), "posts.csv");
        await File.WriteAllTextAsync(path, RepeatingPosts());
        var tracked = new[] { "brands.csv", "accounts.csv" }.Select(name => Path.Combine(TestStore.Vectors("basic"), name)).ToArray();
        var other = Path.Combine(staged.TempFolder("other"), "posts.csv");
        await File.WriteAllTextAsync(other, "network,post_id,author,created_at\nx,elsewhere,nobody,2024-03-01T00:00:00Z\n");
        await new DatasetImporter(empty.Factory, new AggregateStore(empty.Factory)).ImportAsync(tracked);
        await new DatasetImporter(staged.Factory, new AggregateStore(staged.Factory)).ImportAsync([.. tracked, other]);

        const string Version = """SELECT "version" FROM "data_version" """;
        var before = (await empty.QueryAsync<long>(Version)).Single();
        var loaded = (await new DatasetImporter(empty.Factory, new AggregateStore(empty.Factory)).ImportAsync([path])).Files.Single();
        Assert.That((await empty.QueryAsync<long>(Version)).Single(), Is.GreaterThan(before), "the load bumps data_version");
        var merged = (await new DatasetImporter(staged.Factory, new AggregateStore(staged.Factory)).ImportAsync([path])).Files.Single();

        Assert.That((loaded.Stored, loaded.Repeated, loaded.Updated), Is.EqualTo((150L, 80L, 0L)));
        Assert.That((merged.Stored, merged.Repeated, merged.Updated), Is.EqualTo((loaded.Stored, loaded.Repeated, 0L)));
        const string Posts = """SELECT "post_id", "author", "in_reply_to_author", "likes" FROM "posts" WHERE "network" = (SELECT "code" FROM "networks" WHERE "id" = 'mastodon') ORDER BY "post_id" """;
        Assert.That(await empty.QueryAsync<(string, string, string?, long)>(Posts),
            Is.EqualTo(await staged.QueryAsync<(string, string, string?, long)>(Posts)));
        Assert.That((await empty.QueryAsync<long>("""SELECT "likes" FROM "posts" WHERE "post_id" = 'r5'""")).Single(), Is.EqualTo(1_005));
        const string Mentions = """SELECT "post_id", "handle" FROM "post_mentions" ORDER BY "post_id", "handle" """;
        Assert.That(await empty.QueryAsync<(string, string)>(Mentions), Is.EqualTo(await staged.QueryAsync<(string, string)>(Mentions)));
        Assert.That(await MonthsAsync(empty), Is.Not.Empty.And.EqualTo(await MonthsAsync(staged)));
    }

    private static async Task<List<string>> MonthsAsync(TestStore store) =>
        [.. (await store.QueryAsync<(string Network, string Handle, long Month, byte[] Data)>(
            """SELECT "network", "handle", "month", "data" FROM "account_months" ORDER BY "network", "handle", "month" """))
            .Select(row => $"{row.Network} {row.Handle} {row.Month} {Convert.ToHexString(row.Data)}")];

    // 150 keys, then 80 rows repeating the first 80 (two of them twice in a row, within one batch),
    // with other counts, mentions, authors and parents: the last row of each key is the one kept.
    private static string RepeatingPosts()
    {
        var text = new System.Text.StringBuilder("network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n");
        for (var i = 0; i < 150; i++)
        {
            var author = i % 4 == 0 ? "acme@social.example" : $"user{i % 7}@social.example";
            var (parent, parentAuthor) = i % 5 == 1 ? ("r0", "acme@social.example") : ("", "");
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"mastodon,r{i},{author},2024-03-02T{i % 24:D2}:00:00Z,{parent},{parentAuthor},{(i % 3 == 0 ? "bolt@social.example;u9" : "")},{i},0,0,0,\n");
        }

        foreach (var i in new[] { 5, 5 }.Concat(Enumerable.Range(0, 78)))
        {
            var author = i % 2 == 0 ? "bolt@social.example" : "acme@social.example";
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"mastodon,r{i},{author},2024-03-03T{i % 24:D2}:30:00Z,,,{(i % 3 == 1 ? "acme@social.example" : "")},{1_000 + i},1,0,0,7\n");
        }

        return text.ToString();
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, racing the asserts).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
