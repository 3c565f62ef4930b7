using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;
using static Engagement.Data.Tests.Store.Aggregates.AggregateRefresherTests;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// The recompute by scans (<see cref="AggregateScan"/>, SQLite's and PostgreSQL's readers) stores
/// exactly the bytes of the per-account index walk, on a generated data set of three networks with replies, mentions (of
/// the author, of the account replied to, of others, of nobody tracked), self-replies, brands
/// answering each other, untracked authors, answers outside the response horizon or before the
/// post, and several answered user posts a day (their response times are stored in order).
/// </summary>
public sealed class AggregateScanTests(string provider) : StoreTests(provider)
{
    private const int Brands = 40;

    [TestCase(1_000_000, 4_000, TestName = "A refresh by one scan stores what the per-account walk stores")]
    [TestCase(1_000_000, 7, TestName = "A refresh by one scan, its accounts in buckets, stores what the per-account walk stores")]
    [TestCase(400, 3, TestName = "A refresh by scans in several passes stores what the per-account walk stores")]
    public async Task A_scan_stores_what_the_walk_stores(long postsPerPass, int accountsPerBucket)
    {
        await using var store = await CreateStoreAsync();
        var posts = await ImportAsync(store, seed: 16);
        Assert.That(posts, Is.GreaterThan(3 * 400), "several passes at 400 posts each");

        var walked = await RecomputeAsync(store, new AggregateRefresher(store.Factory, 1_000).RefreshAsync, expectScan: false);
        // The scan alone, not through the refresher: had it declined, the walk would have done the
        // work and the comparison would hold whatever the scan stores.
        var scan = new AggregateScan(store.Factory, share: 0.5, postsPerPass, minimumMarks: 1, accountsPerBucket);
        var scanned = await RecomputeAsync(store, scan.RefreshAsync, expectScan: true);

        Assert.That(walked, Has.Count.GreaterThan(Brands * 3), "summaries and months of every account");
        Assert.That(scanned, Is.EqualTo(walked));
        Assert.That(scanned.Any(row => row.StartsWith("youtube|", StringComparison.Ordinal)), "a third network, read after the first two");
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-01-01", "2024-05-01");
    }

    [Test]
    public async Task Too_few_marks_are_left_to_the_per_account_walk()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, seed: 3);
        await Write(store, """INSERT INTO "aggregate_dirty" ("network", "handle", "generation") VALUES ('mastodon', 'brand1@x.example', 0)""");

        Assert.That(await new AggregateScan(store.Factory, share: 0.25, minimumMarks: 1).RefreshAsync(CancellationToken.None), Is.Zero);
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_cancelled_scan_clears_no_mark_and_stores_nothing()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, seed: 5);
        await MarkAllAsync(store);
        await Write(store, """DELETE FROM "account_months" """);
        var marks = await store.CountAsync("aggregate_dirty");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            async () => await new AggregateScan(store.Factory, minimumMarks: 1).RefreshAsync(cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.EqualTo(marks));
        Assert.That(await store.CountAsync("account_months"), Is.Zero);
    }

    [Test]
    public async Task A_scan_cancelled_between_networks_clears_no_mark_stores_nothing_and_the_next_refresh_recomputes()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, seed: 7);
        var walked = await RecomputeAsync(store, new AggregateRefresher(store.Factory, 1_000).RefreshAsync, expectScan: false);
        await MarkAllAsync(store);
        await Write(store, """DELETE FROM "account_months" """);
        var marks = await store.CountAsync("aggregate_dirty");
        using var stop = new CancellationTokenSource();
        var written = new List<string>();
        var cancelled = new AggregateScan(store.Factory, minimumMarks: 1)
        {
            // Stopped once the first network's accounts are written and their marks cleared, in the transaction.
            NetworkWritten = network =>
            {
                written.Add(network);
                stop.Cancel();
            },
        };

        Assert.That(async () => await cancelled.RefreshAsync(stop.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(written, Is.EqualTo(new[] { "bluesky" }), "cancelled part way, between the two networks");
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.EqualTo(marks), "no mark cleared");
        Assert.That(await store.CountAsync("account_months"), Is.Zero, "nothing stored");

        Assert.That(await new AggregateScan(store.Factory, minimumMarks: 1).RefreshAsync(CancellationToken.None), Is.EqualTo(marks));
        Assert.That(await DumpAsync(store), Is.EqualTo(walked), "the next refresh stores what the walk stores");
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
    }

    [Test]
    public async Task A_scan_that_fails_clears_no_mark_and_stores_nothing()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store, seed: 9);
        // Totals the aggregator refuses (checked), met while one network's scan runs beside the other's.
        await Write(store, $"""
            UPDATE "posts" SET "likes" = {long.MaxValue}, "shares" = 1 WHERE "network" = (SELECT "code" FROM "networks" WHERE "id" = 'bluesky') AND "in_reply_to_author" IS NULL AND "author" LIKE 'brand%';
            DELETE FROM "account_months";
            """);
        await MarkAllAsync(store);
        var marks = await store.CountAsync("aggregate_dirty");

        Assert.That(
            async () => await new AggregateScan(store.Factory, minimumMarks: 1).RefreshAsync(CancellationToken.None),
            Throws.InstanceOf<OverflowException>());
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.EqualTo(marks));
        Assert.That(await store.CountAsync("account_months"), Is.Zero);
    }

    // refresh: recomputes the marked accounts and returns how many marks it cleared.
    private static async Task<List<string>> RecomputeAsync(TestStore store, Func<CancellationToken, Task<int>> refresh, bool expectScan)
    {
        await MarkAllAsync(store);
        // A mark of an account no longer tracked (its summary goes), a month no longer covered (deleted).
        await Write(store, """
            INSERT INTO "aggregate_dirty" ("network", "handle", "generation") VALUES ('mastodon', 'gone@x.example', 0);
            INSERT INTO "account_aggregates" ("network", "handle", "first_month", "last_month") VALUES ('mastodon', 'gone@x.example', 1, 2);
            UPDATE "account_aggregates" SET "first_month" = "first_month" - 1 WHERE "handle" = 'brand3@x.example';
            """);
        var marks = await store.CountAsync("aggregate_dirty");
        var dump = await DumpAsync(store);
        Assert.That(await refresh(CancellationToken.None), Is.EqualTo(marks));
        var after = await DumpAsync(store);
        Assert.That(after, Is.Not.EqualTo(dump), "the refresh rewrote what was changed by hand");
        if (expectScan)
        {
            Assert.That(after.Any(row => row.StartsWith("mastodon|gone@x.example|", StringComparison.Ordinal)), Is.False);
        }

        return after;
    }

    // Returns how many posts were imported.
    private static async Task<long> ImportAsync(TestStore store, int seed)
    {
        var data = new ScanDataSet(new Random(seed), Brands);
        var folder = store.TempFolder(Guid.NewGuid().ToString("N"));
        foreach (var (file, lines) in data.Files())
        {
            await File.WriteAllLinesAsync(Path.Combine(folder, file + ".csv"), lines);
        }

        var report = await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);
        var posts = report.Files.Single(r => r.Path.EndsWith("posts.csv", StringComparison.Ordinal));
        Assert.That(posts.Rejected, Is.Zero, string.Join('\n', posts.Errors.Select(e => e.ToString())));
        return posts.Stored;
    }
}
