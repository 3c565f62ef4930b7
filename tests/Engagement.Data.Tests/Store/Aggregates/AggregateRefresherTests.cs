using System.Globalization;
using System.Text;
using Dapper;
using Engagement.Data.Store;
using Engagement.Data.Store.Aggregates;
using Engagement.Data.Store.Import;

namespace Engagement.Data.Tests.Store.Aggregates;

/// <summary>
/// A refresh read in parallel slices (one connection each beside the write transaction) stores
/// exactly what one reader stores: every summary and every month's bytes, whatever the slices'
/// bounds, with months that an account no longer covers deleted and an untracked mark cleared.
/// </summary>
public sealed class AggregateRefresherTests(string provider) : StoreTests(provider)
{
    private const int Brands = 23;

    [Test]
    public async Task A_refresh_read_in_parallel_slices_stores_what_one_reader_stores()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store);

        var serial = await RecomputeAsync(store, new AggregateRefresher(store.Factory, 1_000, readers: 1));
        // Batches of 7 in 3 slices of 2-3 accounts: every batch uneven, the last one short.
        var parallel = await RecomputeAsync(store, new AggregateRefresher(store.Factory, 7, readers: 3, minSlice: 1));

        Assert.That(serial, Has.Count.GreaterThan(Brands * 2), "summaries and months of every account");
        Assert.That(parallel, Is.EqualTo(serial));
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.Zero);
        await FastPathCheck.AssertSameAsync(store.Factory, "2024-01-01", "2024-07-01");
    }

    [Test]
    public async Task A_slice_that_fails_fails_the_batch_and_clears_no_mark()
    {
        await using var store = await CreateStoreAsync();
        await ImportAsync(store);
        await MarkAllAsync(store);
        var marks = await store.CountAsync("aggregate_dirty");

        // A slice read on a connection of its own meets an overflow the totals refuse (checked).
        await Write(store, $"""UPDATE "posts" SET "likes" = {long.MaxValue}, "shares" = 1 WHERE "post_id" = 'own-{Brands - 1}-0'""");
        await MarkAllAsync(store);
        Assert.That(
            async () => await new AggregateRefresher(store.Factory, 1_000, readers: 3, minSlice: 1).RefreshAsync(CancellationToken.None),
            Throws.InstanceOf<OverflowException>());
        Assert.That(await store.CountAsync("aggregate_dirty"), Is.EqualTo(marks));
    }

    private static async Task<List<string>> RecomputeAsync(TestStore store, AggregateRefresher refresher)
    {
        await MarkAllAsync(store);
        // A mark left for an account no longer tracked: its summary goes with the mark.
        await Write(store, """
            INSERT INTO "aggregate_dirty" ("network", "handle", "generation") VALUES ('mastodon', 'gone@x.example', 0);
            INSERT INTO "account_aggregates" ("network", "handle", "first_month", "last_month") VALUES ('mastodon', 'gone@x.example', 1, 2);
            """);
        // A month outside what brand 0 covers: the refresh deletes it.
        await Write(store, """UPDATE "account_aggregates" SET "first_month" = "first_month" - 1 WHERE "handle" = 'brand0@x.example'""");
        Assert.That(await refresher.RefreshAsync(CancellationToken.None), Is.EqualTo(Brands + 1));
        return await DumpAsync(store);
    }

    // WHERE: SQLite would read ON as the start of a join constraint.
    internal static Task MarkAllAsync(TestStore store) => Write(store, """
        INSERT INTO "aggregate_dirty" ("network", "handle", "generation") SELECT "network", "handle", 0 FROM "accounts" WHERE 1 = 1
        ON CONFLICT ("network", "handle") DO UPDATE SET "generation" = "aggregate_dirty"."generation" + 1
        """);

    internal static Task Write(TestStore store, string sql) =>
        store.Factory.WriteAsync(async (connection, transaction, ct) =>
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct)));

    internal static async Task<List<string>> DumpAsync(TestStore store)
    {
        var rows = new List<string>();
        await using var connection = await store.Factory.OpenAsync();
        foreach (var sql in new[]
        {
            """SELECT * FROM "account_aggregates" ORDER BY "network", "handle" """,
            """SELECT * FROM "account_months" ORDER BY "network", "handle", "month" """,
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    row.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('|');
                }

                rows.Add(row.ToString());
            }
        }

        return rows;
    }

    // Brands posting over several months, answered and mentioned by users and each other, with snapshots.
    private static async Task ImportAsync(TestStore store)
    {
        var brands = new List<string> { "brand,name,industry" };
        var accounts = new List<string> { "brand,network,handle" };
        var posts = new List<string> { "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views" };
        var followers = new List<string> { "network,handle,date,followers" };
        for (var b = 0; b < Brands; b++)
        {
            var handle = $"brand{b}@x.example";
            brands.Add($"b{b},Brand {b},retail");
            accounts.Add($"b{b},mastodon,{handle}");
            followers.Add($"mastodon,{handle},2024-0{1 + (b % 3)}-01,{100 + b}");
            for (var p = 0; p < 1 + (b % 5); p++)
            {
                var day = new DateTime(2024, 1 + ((b + p) % 6), 1 + ((b * 7 + p) % 27), 8 + p, 0, 0, DateTimeKind.Utc);
                var at = day.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                var other = $"brand{(b + 1) % Brands}@x.example";
                posts.Add($"mastodon,own-{b}-{p},{handle},{at},,,{(p % 2 == 0 ? other : "")},{b + p},{p},0,{p % 3},{(p % 2 == 0 ? "" : (b * 10).ToString(CultureInfo.InvariantCulture))}");
                posts.Add($"mastodon,user-{b}-{p},fan{p}@y.example,{day.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)},own-{b}-{p},{handle},{(p == 1 ? handle : "")},1,0,0,0,");
                if ((b + p) % 3 != 0)
                {
                    posts.Add($"mastodon,answer-{b}-{p},{handle},{day.AddHours(2 + b % 4).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)},user-{b}-{p},fan{p}@y.example,,0,0,0,0,");
                }
            }
        }

        var folder = store.TempFolder(Guid.NewGuid().ToString("N"));
        foreach (var (file, lines) in new[] { ("brands", brands), ("accounts", accounts), ("posts", posts), ("followers", followers) })
        {
            await File.WriteAllLinesAsync(Path.Combine(folder, file + ".csv"), lines);
        }

        await new DatasetImporter(store.Factory, new AggregateStore(store.Factory)).ImportAsync([folder]);
    }
}
