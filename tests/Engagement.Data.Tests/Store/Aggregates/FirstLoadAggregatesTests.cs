using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using Microsoft.Extensions.Logging;
using static Engagement.Data.Tests.Store.Aggregates.AggregateRefresherTests;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// A first import's refresh from the rows routed as they were parsed (SQLite's first load,
/// <see cref="FirstLoadPosts"/>) stores exactly the bytes of the per-account index walk, whatever
/// the order of the file; and whenever those records may not be the store's posts (a repeated
/// post, the posts file rejected part way, a second posts file, a write between the import's
/// commit and its refresh, a cancelled refresh), the refresh reads the posts back instead. On
/// PostgreSQL nothing is routed: the same comparisons hold for its own path.
/// </summary>
public sealed class FirstLoadAggregatesTests(string provider) : StoreTests(provider)
{
    private const string Routed = "as they were parsed";

    [Test]
    public async Task A_first_load_in_another_order_than_its_keys_stores_what_the_walk_stores()
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 19);
        // Shuffled against key order, and last two replies whose ids order differently in UTF-16
        // (U+D83D, a surrogate, before U+FF21) and in the store's UTF-8 (EF before F0): the day's
        // response times are stored in the store's order.
        Shuffle(posts, new Random(19));
        posts.AddRange(
        [
            "mastodon,brand1-own,brand1@x.example,2024-02-10T08:00:00Z,,,,3,1,0,2,40",
            "mastodon,\U0001F600-late,fan1@y.example,2024-02-10T09:00:00Z,brand1-own,brand1@x.example,,0,0,0,0,",
            "mastodon,\uFF21-early,fan2@y.example,2024-02-10T09:30:00Z,brand1-own,brand1@x.example,,0,0,0,0,",
            "mastodon,brand1-a1,brand1@x.example,2024-02-10T09:10:00Z,\U0001F600-late,fan1@y.example,,0,0,0,0,",
            "mastodon,brand1-a2,brand1@x.example,2024-02-10T10:30:00Z,\uFF21-early,fan2@y.example,,0,0,0,0,",
        ]);
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        var log = new Messages();

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory), log: log).ImportAsync([folder]);

        Assert.That(log.Lines.Any(message => message.Contains(Routed, StringComparison.Ordinal)), Is.EqualTo(!IsPostgres),
            "SQLite's refresh totals the parsed rows");
        await AssertAsWalkedAsync(store);
    }

    [Test]
    public async Task A_first_load_that_repeats_a_post_falls_back_to_reading_the_posts()
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 21);
        // The same reply twice: the later row wins in the store, the first would count too if routed.
        posts.Add("mastodon,again,fan1@y.example,2024-02-10T09:00:00Z,,brand2@x.example,,5,0,0,0,");
        posts.Add("mastodon,again,fan1@y.example,2024-02-11T09:00:00Z,,,brand3@x.example,1,0,0,0,");
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        var log = new Messages();

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory), log: log).ImportAsync([folder]);

        Assert.That(report.Files.Single(file => file.Kind == DatasetFileKind.Posts).Repeated, Is.EqualTo(1));
        Assert.That(log.Lines.Any(message => message.Contains(Routed, StringComparison.Ordinal)), Is.False);
        await AssertAsWalkedAsync(store);
    }

    [Test]
    public async Task A_second_posts_file_in_the_same_import_falls_back_to_reading_the_posts()
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 23);
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        var second = store.TempFolder(Guid.NewGuid().ToString("N"));
        await File.WriteAllLinesAsync(Path.Combine(second, "posts.csv"),
        [
            posts[0],
            "mastodon,second-file,fan1@y.example,2024-02-10T09:00:00Z,,brand2@x.example,brand4@x.example,5,0,0,0,",
        ]);
        var log = new Messages();

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory), log: log).ImportAsync([folder, second]);

        Assert.That(await store.CountAsync("posts"), Is.EqualTo(posts.Count));
        Assert.That(log.Lines.Any(message => message.Contains(Routed, StringComparison.Ordinal)), Is.False);
        await AssertAsWalkedAsync(store);
    }

    [Test]
    public async Task A_first_load_rejected_part_way_falls_back_to_reading_the_posts()
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 29);
        // Rows routed before the file is rejected (a NUL byte on its last line): none of them is stored.
        posts.Add("mastodon,broken,fan1@y.example,2024-02-10T09:00:00Z,,brand2@x.example,,5,0,0,0,\0");
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        var log = new Messages();

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory), log: log).ImportAsync([folder]);

        Assert.That(report.Files.Single(file => file.Kind == DatasetFileKind.Posts).IsFileRejected, Is.True);
        Assert.That(await store.CountAsync("posts"), Is.Zero);
        Assert.That(log.Lines.Any(message => message.Contains(Routed, StringComparison.Ordinal)), Is.False);
        await AssertAsWalkedAsync(store);
    }

    [TestCase("""INSERT INTO "posts" ("network", "post_id", "author", "created_at", "in_reply_to_author", "likes", "shares", "quotes", "replies") VALUES ((SELECT "code" FROM "networks" WHERE "id" = 'mastodon'), 'meanwhile', 'fan1@y.example', 1707555600000000, 'brand2@x.example', 1, 0, 0, 0)""",
        TestName = "A post written between a first load's commit and its refresh makes the refresh read the posts")]
    [TestCase("""
        INSERT INTO "brands" ("id", "name", "industry") VALUES ('late', 'Late', 'retail');
        INSERT INTO "accounts" ("brand", "network", "handle") VALUES ('late', 'mastodon', 'fan1@y.example');
        """,
        TestName = "An account tracked between a first load's commit and its refresh makes the refresh read the posts")]
    public async Task A_write_after_the_commit_falls_back_to_reading_the_posts(string meanwhile)
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 25);
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        var log = new Messages();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory), log: log)
        {
            Committed = _ => Write(store, meanwhile),
        };

        await importer.ImportAsync([folder]);

        Assert.That(log.Lines.Any(message => message.Contains(Routed, StringComparison.Ordinal)), Is.False);
        Assert.That(log.Lines.Any(message => message.Contains("reading the posts back", StringComparison.Ordinal)), Is.EqualTo(!IsPostgres));
        await AssertAsWalkedAsync(store);
    }

    [Test]
    public async Task A_refresh_cancelled_after_a_first_load_keeps_its_marks_and_the_next_refresh_recomputes()
    {
        await using var store = await CreateStoreAsync();
        var (folder, posts) = await WriteDataSetAsync(store, seed: 27);
        await File.WriteAllLinesAsync(Path.Combine(folder, "posts.csv"), posts);
        using var stop = new CancellationTokenSource();
        var importer = new DatasetImporter(store.Factory, new AggregateStore(store.Factory)) { Committed = _ => stop.CancelAsync() };

        Assert.That(async () => await importer.ImportAsync([folder], ct: stop.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await store.CountAsync("posts"), Is.EqualTo(posts.Count - 1), "the import committed");
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.GreaterThan(0), "its marks stay");
        Assert.That(await store.CountAsync("account_months"), Is.Zero);

        await new AggregateStore(store.Factory).RefreshAsync();
        await AssertAsWalkedAsync(store);
    }

    // What the store holds is what the per-account walk stores for every account; then the fast-path check.
    private static async Task AssertAsWalkedAsync(TestStore store)
    {
        var refreshed = await DumpAsync(store);
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
        await MarkAllAsync(store);
        Assert.That(await new AggregateRefresher(store.Factory, 1_000).RefreshAsync(CancellationToken.None), Is.GreaterThan(0));
        var walked = await DumpAsync(store);

        Assert.That(walked, Has.Count.GreaterThan(40), "summaries and months of every account");
        Assert.That(refreshed, Is.EqualTo(walked));
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-01-01", "2024-05-01");
    }

    // The data set's files but posts.csv written to a new folder; returns it and the posts' lines (header first).
    private static async Task<(string Folder, List<string> Posts)> WriteDataSetAsync(TestStore store, int seed)
    {
        var folder = store.TempFolder(Guid.NewGuid().ToString("N"));
        List<string> posts = [];
        foreach (var (file, lines) in new ScanDataSet(new Random(seed), brands: 12).Files())
        {
            if (file == "posts")
            {
                posts = lines;
                continue;
            }

            await File.WriteAllLinesAsync(Path.Combine(folder, file + ".csv"), lines);
        }

        return (folder, posts);
    }

    private static void Shuffle(List<string> lines, Random random)
    {
        var rows = lines.Skip(1).ToArray();
        random.Shuffle(rows);
        lines.RemoveRange(1, rows.Length);
        lines.AddRange(rows);
    }

    /// <summary>What an importer logs.</summary>
    private sealed class Messages : ILogger<DatasetImporter>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
