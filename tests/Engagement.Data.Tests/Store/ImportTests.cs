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
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, racing the asserts).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
